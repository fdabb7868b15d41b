package org.preflab.app.gui.pairs;

/**
 * One line of the drill-down table.
 *
 * @param rank         1 = the lowest margin shown
 * @param marginBefore the same pair's margin at the comparison step (NaN when not scored there)
 */
public record PairRow(int rank, EvalPair pair, double marginBefore, String promptExcerpt) {}
