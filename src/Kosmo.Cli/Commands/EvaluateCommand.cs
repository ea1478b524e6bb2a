using System.CommandLine;
using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo evaluate --run RUN [--reference MODEL] [--block-length 20] [--replicates 1000] [--seed 20240101]</c>:
/// reads RUN/predictions.csv and RUN/labels.csv, writes the <c>models</c> section of RUN/metrics.json and prints the
/// metrics with bootstrap intervals and the paired comparisons of the reference model with every other model.
/// </summary>
internal sealed class EvaluateCommand : ICommandModule
{
    /// <inheritdoc />
    public Command Build()
    {
        var run = new Option<string>("--run") { Description = "Run folder holding predictions.csv and labels.csv.", Required = true };
        var reference = new Option<string?>("--reference") { Description = "Model compared with every other model (default: the single model named tft*)." };
        var block = new Option<int>("--block-length") { Description = "Dates per bootstrap block.", DefaultValueFactory = _ => 20 };
        var replicates = new Option<int>("--replicates") { Description = "Bootstrap resamples.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => 20240101UL };
        var command = new Command("evaluate", "Evaluate test predictions of a run folder into metrics.json (models section).");
        command.Options.Add(run);
        command.Options.Add(reference);
        command.Options.Add(block);
        command.Options.Add(replicates);
        command.Options.Add(seed);
        command.SetAction(parse => Execute(parse.GetValue(run)!, parse.GetValue(reference), parse.GetValue(block),
            parse.GetValue(replicates), parse.GetValue(seed)));
        return command;
    }

    private static int Execute(string runDir, string? reference, int blockLength, int replicates, ulong seed)
    {
        if (blockLength < 1 || replicates < 1)
        {
            AnsiConsole.MarkupLine("[red]--block-length and --replicates must be positive.[/]");
            return ExitCodes.Usage;
        }

        if (!Directory.Exists(runDir))
        {
            AnsiConsole.MarkupLine($"[red]Run folder {Markup.Escape(runDir)} does not exist.[/]");
            return ExitCodes.NotFound;
        }

        try
        {
            var options = new EvaluationOptions(blockLength, replicates, seed);
            var (evaluations, comparisons) = RunEvaluation.Run(runDir, reference, options);
            AnsiConsole.Write(MetricsTable(evaluations, options));
            if (comparisons.Count > 0)
            {
                AnsiConsole.Write(ComparisonTable(comparisons));
            }

            AnsiConsole.MarkupLine($"Wrote the models section of [bold]{Markup.Escape(RunLayout.Metrics(runDir))}[/].");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (CliErrors.Expected(ex) is { } code)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return code;
        }
    }

    private static Table MetricsTable(IReadOnlyList<ModelEvaluation> evaluations, EvaluationOptions options)
    {
        // One column per model, one row per metric, so a few models fit an 80-column terminal.
        var table = new Table().Title($"Test metrics ({options.Level:P0} block-bootstrap intervals, {options.BlockLength}-date blocks, {options.Replicates} resamples)");
        table.AddColumn("metric");
        foreach (var e in evaluations)
        {
            table.AddColumn(new TableColumn(Markup.Escape(e.Model)).RightAligned());
        }

        void Add(string name, Func<ModelEvaluation, string> cell) => Row(table, [name, .. evaluations.Select(cell)]);
        Add("rows (dates)", e => $"{e.NTest} ({e.NDates})");
        Add("accuracy", e => WithCi(e.Accuracy, e.AccuracyCi));
        Add("balanced accuracy", e => F(e.BalancedAccuracy));
        Add("macro F1", e => WithCi(e.MacroF1, e.MacroF1Ci));
        Add("log loss", e => WithCi(e.LogLoss, e.LogLossCi));
        Add("Brier", e => F(e.Brier));
        Add("IC", e => F(e.Ic));
        Add("rank IC", e => WithCi(e.RankIc, e.RankIcCi));
        Add("ICIR (daily)", e => F(e.Icir));
        return table;
    }

    private static Table ComparisonTable(IReadOnlyList<PairedComparison> comparisons)
    {
        var table = new Table().Title($"Paired: {Markup.Escape(comparisons[0].Model)} minus baseline on common rows");
        foreach (var h in new[] { "baseline (rows)", "Δ macro F1", "Δ log loss", "Δ rank IC" })
        {
            table.AddColumn(new TableColumn(h).RightAligned());
        }

        foreach (var c in comparisons)
        {
            Row(table, [$"{c.Baseline} ({c.NCommon})", .. Evaluator.ComparedMetrics.Select(m => Diff(c.Differences[m]))]);
        }

        return table;
    }

    private static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(c)));

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";

    private static string WithCi(double v, (double Low, double High) ci) => $"{F(v)}\n[{F(ci.Low)}, {F(ci.High)}]";

    private static string Diff(MetricDifference d) =>
        $"{(d.Difference >= 0 ? "+" : "")}{F(d.Difference)}\n[{F(d.Low)}, {F(d.High)}]\np = {d.PValue.ToString("0.000", CultureInfo.InvariantCulture)}";
}
