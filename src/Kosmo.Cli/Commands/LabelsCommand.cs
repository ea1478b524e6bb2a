using System.CommandLine;
using System.Globalization;
using Kosmo.Core;
using Kosmo.Features.Labels;
using Kosmo.Features.Weights;
using Spectre.Console;
using Panel = Kosmo.Core.Panel;
using Kosmo.Core.IO;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo labels --db data/kosmo.db --method fixed_horizon --horizon 20 [--out summary.json]</c>: computes labels on the
/// database's panel and prints (and optionally writes) a summary: class balance per year, the share of
/// unlabelled cells and why, and the average uniqueness. The panel comes from <see cref="PanelSource"/>, a
/// delegate from a database path to a <see cref="Panel"/>, so that the command does not depend on how the
/// loader is built; until a loader is wired in, the command reports that and exits with NotFound.
/// </summary>
internal sealed class LabelsCommand : ICommandModule
{
    /// <summary>Loads the panel of a database path (the point-in-time loader of Kosmo.Data); replaceable in tests.</summary>
    internal static Func<string, Panel>? PanelSource { get; set; } =
        db => Experiment.PanelSource.Load(new Experiment.Config.DataConfig { Source = "db", Db = db }, _ => { });

    /// <inheritdoc />
    public Command Build()
    {
        var db = new Option<string>("--db") { Description = "SQLite database to read the panel from.", DefaultValueFactory = _ => "data/kosmo.db" };
        var defaults = new LabelMethodSettings();
        var method = new Option<string>("--method")
        {
            Description = "fixed_horizon | triple_barrier | trend_scanning | trend_scanning_4 (aliases fixed, triple, trend, trend4); as labels.method of the experiment.",
            DefaultValueFactory = _ => defaults.Method,
        };
        var horizon = new Option<int>("--horizon") { Description = "Horizon h in trading days (trend: the longest span).", DefaultValueFactory = _ => defaults.Horizon };
        var k = new Option<double>("--k") { Description = "Fixed horizon: threshold multiple of σ·√h.", DefaultValueFactory = _ => defaults.ThresholdK };
        var pt = new Option<double>("--pt") { Description = "Triple barrier: profit-take multiple of daily σ.", DefaultValueFactory = _ => defaults.ProfitTake };
        var sl = new Option<double>("--sl") { Description = "Triple barrier: stop-loss multiple of daily σ.", DefaultValueFactory = _ => defaults.StopLoss };
        var minSpan = new Option<int?>("--min-span") { Description = "Trend scanning: shortest span (default max(3, h / 4), as in the experiment)." };
        var output = new Option<string?>("--out") { Description = "Also write the summary as JSON to this file." };
        var command = new Command("labels", "Compute labels (fixed horizon, triple barrier, trend scanning) on a panel and summarise class balance, unlabelled cells and uniqueness.");
        foreach (var option in new Option[] { db, method, horizon, k, pt, sl, minSpan, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            ILabelMethod labeler;
            try
            {
                labeler = CreateMethod(parse.GetValue(method)!, parse.GetValue(horizon), parse.GetValue(k), parse.GetValue(pt), parse.GetValue(sl), parse.GetValue(minSpan));
            }
            catch (ArgumentException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.Usage;
            }

            var path = parse.GetValue(db)!;
            if (!File.Exists(path))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] database '{path}' does not exist.");
                return ExitCodes.NotFound;
            }

            if (PanelSource is null)
            {
                AnsiConsole.MarkupLine("[red]error:[/] no panel loader is wired into 'kosmo labels' yet (LabelsCommand.PanelSource).");
                return ExitCodes.NotFound;
            }

            try
            {
                var summary = Run(PanelSource(path), labeler);
                Print(summary);
                if (parse.GetValue(output) is { } file)
                {
                    AtomicFile.WriteAllText(file, summary.ToJson());
                }

                return ExitCodes.Ok;
            }
            catch (DataValidationException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.InvalidData;
            }
        });
        return command;
    }

    /// <summary>Labels, weights and summary for one panel.</summary>
    internal static LabelSummary Run(Panel panel, ILabelMethod labeler)
    {
        var labels = labeler.Compute(panel);
        var weights = LabelWeights.Compute(labels, panel);
        return LabelSummary.Create(labels, weights);
    }

    /// <summary>The label method named on the command line.</summary>
    /// <exception cref="ArgumentException">Unknown method name or bad parameters.</exception>
    internal static ILabelMethod CreateMethod(string name, int horizon, double k, double pt, double sl, int? minSpan) =>
        LabelMethods.Create(new LabelMethodSettings(name, horizon, k, pt, sl, minSpan));

    private static void Print(LabelSummary summary)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{summary.Method}[/]: {summary.Labeled:N0} labels over {summary.ListedCells:N0} listed cells, mean uniqueness {summary.MeanUniqueness:F3}");
        var table = new Table().AddColumn("year");
        for (var c = 0; c < summary.ClassCount; c++)
        {
            table.AddColumn($"class {c}");
        }

        foreach (var (year, counts) in summary.ByYear)
        {
            var total = Math.Max(1, counts.Sum());
            table.AddRow([year.ToString(CultureInfo.InvariantCulture), .. counts.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n:N0} ({100.0 * n / total:F1}%)"))]);
        }

        AnsiConsole.Write(table);
        var reasons = new Table().AddColumn("status").AddColumn("share of listed cells");
        foreach (var (status, share) in summary.StatusShares)
        {
            reasons.AddRow(status, share.ToString("P2", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(reasons);
    }
}
