using System.CommandLine;
using Kosmo.Core;
using Kosmo.Reports;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo report RUN_DIR [--out FILE] [--strict]</c>: writes the self-contained HTML report of a run folder
/// (default RUN_DIR/report.html). Exit codes: Ok; NotFound when RUN_DIR is missing; InvalidData with --strict when
/// an input file is malformed (without --strict its section is skipped and a warning printed); Failure when the
/// output cannot be written.
/// </summary>
internal sealed class ReportCommand : ICommandModule
{
    public Command Build()
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "The run folder (config.yaml, metrics.json, equity.csv, ...)." };
        var output = new Option<string?>("--out") { Description = "Output HTML file (default RUN_DIR/report.html)." };
        var strict = new Option<bool>("--strict") { Description = "Fail (exit 3) when any input file is malformed instead of skipping its section." };
        var command = new Command("report", "Write the self-contained HTML report (charts, tables) of a run folder.");
        command.Arguments.Add(runDir);
        command.Options.Add(output);
        command.Options.Add(strict);
        command.SetAction(parseResult => Run(parseResult.GetValue(runDir)!, parseResult.GetValue(output), parseResult.GetValue(strict)));
        return command;
    }

    internal static int Run(string runDir, string? outPath, bool strict)
    {
        if (!Directory.Exists(runDir))
        {
            Console.Error.WriteLine($"error: run folder not found: {runDir}");
            return ExitCodes.NotFound;
        }

        try
        {
            var result = HtmlReport.Write(runDir, outPath);
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine($"warning: {problem}");
            }

            Console.WriteLine($"wrote {result.OutputPath} ({result.Bytes:#,##0} bytes)");
            return strict && result.Problems.Count > 0 ? ExitCodes.InvalidData : ExitCodes.Ok;
        }
        catch (DataValidationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidData;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot write the report: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
