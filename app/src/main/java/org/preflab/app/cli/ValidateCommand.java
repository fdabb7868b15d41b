package org.preflab.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.preflab.engine.data.DatasetReport;
import org.preflab.engine.data.LengthLimits;
import org.preflab.engine.data.PreferenceReader;
import org.preflab.engine.tokenize.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code preflab validate <file>}: checks a preference data file before a run does. Exit 0 when every record is good,
 * 1 when any is bad (each listed with its line and field), 2 when the file cannot be used at all.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a preference data file (JSONL, or JSON holding an array of objects): the format it is in"
                + " (TRL standard, implicit prompt, conversational, alpaca ranking), every bad record by line and"
                + " field, duplicate pairs, and a histogram of prompt/chosen/rejected lengths.",
            "With --model, lengths are in tokens of that model's tokenizer, conversations are rendered with its chat"
                + " template, and --max-length/--max-prompt-length show how many pairs would be truncated or dropped.",
            "Exit codes: 0 all records good (duplicates allowed), 1 some records bad, 2 the file cannot be used."})
public final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<file>", description = "the preference data file")
    Path file;

    @Option(names = "--model", paramLabel = "DIR",
            description = "model folder whose tokenizer.json (and chat template) to use for token lengths")
    Path model;

    @Option(names = "--max-length", paramLabel = "N",
            description = "check this limit on prompt + completion tokens (needs --model); keep_start truncation")
    Integer maxLength;

    @Option(names = "--max-prompt-length", paramLabel = "N",
            description = "check this limit on prompt tokens (needs --model); prompts keep BOS and their end")
    Integer maxPromptLength;

    @Override
    public Integer call() throws Exception {
        if (model == null && (maxLength != null || maxPromptLength != null)) {
            throw new IllegalArgumentException(
                    "--max-length and --max-prompt-length count tokens: give --model DIR too");
        }
        LengthLimits limits = new LengthLimits(maxLength == null ? 0 : maxLength,
                maxPromptLength == null ? 0 : maxPromptLength);
        // Without --model there is no tokenizer (null resources are allowed here) and conversations stay transcripts.
        try (TextTokenizer tok = model == null ? null : TextTokenizer.load(model)) {
            var read = PreferenceReader.read(file, model == null ? null : PreferenceReader.templateOf(model));
            DatasetReport report = DatasetReport.of(read, tok, limits);
            PrintWriter out = spec.commandLine().getOut();
            report.print(out);
            return report.allGood() ? 0 : 1;
        }
    }
}
