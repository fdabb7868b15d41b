package org.preflab.app.cli;

import picocli.CommandLine;

/** Prints PrefLab's version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PreflabCommand.class.getPackage().getImplementationVersion();
        return new String[] {"PrefLab " + (v == null ? "dev" : v)};
    }
}
