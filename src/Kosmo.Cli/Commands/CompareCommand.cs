using System.CommandLine;
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
        var curve = new Option<bool>("--curve") { Description = "Print the learning curve of the runs instead: per model, lookback and max_train_samples (from each run's config.yaml), rank IC and macro F1 with 95 % CIs, training samples per fold, training wall and CPU seconds." };
        var command = new Command("compare", "Print the models, paired comparisons, backtests and PBO of one or more run folders side by side (markdown or CSV).");
        command.Arguments.Add(runs);
        command.Options.Add(paired);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(curve);
        command.SetAction(parse => Run(parse.GetValue(runs)!, parse.GetValue(paired), parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(curve)));
        return command;
    }

    internal static int Run(IReadOnlyList<string> runs, string? paired, string format, string? output, bool curve = false)
    {
        try
        {
            if (curve && paired is not null)
            {
                throw new ArgumentException("--curve and --paired do not combine");
            }

            var text = curve ? LearningCurve.Render([.. runs.Select(CurvePointOf)], format) : RunComparison.Load(runs).Render(format, paired);
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
        catch (Exception e) when ((e is Experiment.Config.ConfigException ? ExitCodes.InvalidData : CliErrors.Expected(e)) is { } code)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return code;
        }
    }

    /// <summary>A run's learning-curve coordinates from its config.yaml (a sweep's trials each carry their own cap).</summary>
    private static CurvePoint CurvePointOf(string run)
    {
        var path = RunLayout.Config(run);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: missing (is {run} a run folder?)", path);
        }

        var trials = Experiment.Config.ExperimentConfig.ParseRunConfig(path);
        var caps = trials.Count > 1
            ? Enumerable.Range(0, trials.Count).ToDictionary(k => Experiment.ModelCatalog.TrialName(trials, k), k => trials[k].Model.MaxTrainSamples, StringComparer.Ordinal)
            : null;
        var labels = trials[0].Labels;
        return new CurvePoint(run, trials[0].Features.Lookback, trials[0].Model.MaxTrainSamples, caps,
            labels.Method + (labels.Target == "excess" ? "/excess" : "") + (labels.Classes != 3 ? $"/{labels.Classes}" : ""));
    }
}
