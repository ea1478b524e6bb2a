using System.CommandLine;
using Kosmo.Core;
using Kosmo.Models.RunFolder;
using Kosmo.Core.IO;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo compare RUN... [--paired MODEL] [--format markdown|csv] [--out FILE]</c>: the models, paired comparisons,
/// backtests and PBO of several run folders side by side (README.md's results tables are made by it). Exit codes:
/// Ok; NotFound when a run folder, its metrics.json or (with --paired) a predictions/labels file is missing;
/// InvalidData when a metrics.json is malformed; Usage when the paired model is absent or the runs share no rows.
/// </summary>
internal sealed class CompareCommand : ICommandModule
{
    public Command Build()
    {
        var runs = new Argument<string[]>("RUN") { Description = "Run folders (each with metrics.json).", Arity = ArgumentArity.OneOrMore };
        var paired = new Option<string?>("--paired") { Description = "Also compare this model across the runs on their common rows (later runs minus the first; the first run's labels)." };
        var format = new Option<string>("--format") { Description = "markdown (default) or csv.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "csv");
        var output = new Option<string?>("--out") { Description = "Write to this file (temp file + rename) instead of the console." };
        var command = new Command("compare", "Print the models, paired comparisons, backtests and PBO of one or more run folders side by side (markdown or CSV).");
        command.Arguments.Add(runs);
        command.Options.Add(paired);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse => Run(parse.GetValue(runs)!, parse.GetValue(paired), parse.GetValue(format)!, parse.GetValue(output)));
        return command;
    }

    internal static int Run(IReadOnlyList<string> runs, string? paired, string format, string? output)
    {
        try
        {
            var text = RunComparison.Load(runs).Render(format, paired);
            if (output is null)
            {
                Console.Write(text);
            }
            else
            {
                AtomicFile.WriteAllText(output, text);
            }

            return ExitCodes.Ok;
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.NotFound;
        }
        catch (DataValidationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidData;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
