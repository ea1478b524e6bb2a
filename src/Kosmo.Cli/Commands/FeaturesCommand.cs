using System.CommandLine;
using System.Globalization;
using System.Text;
using Kosmo.Core;
using Kosmo.Features.Pipeline;
using Spectre.Console;
using Panel = Kosmo.Core.Panel;
using Kosmo.Core.IO;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo features</c>: computes a feature set on a panel and prints a coverage summary (cells, NaN share, mean,
/// std per feature; optionally per year) as a table, and optionally writes it as CSV
/// (<c>feature,year,cells,finite,nan_share,mean,std</c>; year empty = all years).
/// The panel comes from <see cref="PanelSource"/>: given the <c>--db</c> path (null when absent) it returns a panel.
/// Until the database loader is wired, <c>--db</c> is refused and the default is a small generated GBM demo panel,
/// clearly labelled synthetic.
/// </summary>
internal sealed class FeaturesCommand : ICommandModule
{
    /// <summary>
    /// Produces the panel for a <c>--db</c> path (null: the default source). Replace it to wire the database loader
    /// and the synthetic market. Throws <see cref="FileNotFoundException"/> for a missing database and
    /// <see cref="DataValidationException"/> for bad data.
    /// </summary>
    internal static Func<string?, Panel> PanelSource { get; set; } = db => db is null
        ? Experiment.PanelSource.Load(new Experiment.Config.DataConfig(), _ => { })
        : Experiment.PanelSource.Load(new Experiment.Config.DataConfig { Source = "db", Db = db }, _ => { });

    /// <inheritdoc />
    public Command Build()
    {
        var db = new Option<string?>("--db") { Description = "SQLite database to load the panel from (default: the built-in source)." };
        var specs = new Option<string[]>("--features")
        {
            Description = "Feature groups, e.g. returns:1:5:20 rsi:14 wavelet:la8:4 ffd:0.4 index:KOSDAQ (default: all).",
            AllowMultipleArgumentsPerToken = true,
        };
        var csv = new Option<string?>("--csv") { Description = "Write the summary (overall and per year) to this CSV file." };
        var byYear = new Option<bool>("--by-year") { Description = "Also print a per-year NaN-share table." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores)." };
        var command = new Command("features", "Compute causal features on a panel and summarise their coverage (NaN share, mean, std, per year).");
        command.Options.Add(db);
        command.Options.Add(specs);
        command.Options.Add(csv);
        command.Options.Add(byYear);
        command.Options.Add(threads);
        command.SetAction(parse => Run(parse.GetValue(db), parse.GetValue(specs), parse.GetValue(csv), parse.GetValue(byYear), parse.GetValue(threads)));
        return command;
    }

    private static int Run(string? db, string[]? specs, string? csvPath, bool byYear, int? threads)
    {
        FeatureSet set;
        try
        {
            set = specs is { Length: > 0 } ? FeatureSet.Parse(specs) : FeatureSet.Default();
        }
        catch (ArgumentException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.Usage;
        }

        Panel panel;
        try
        {
            panel = PanelSource(db);
        }
        catch (DataValidationException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.InvalidData;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or NotSupportedException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.NotFound;
        }

        if (panel.IsSynthetic)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]SYNTHETIC panel: {panel.Description}[/]");
        }

        var pipeline = new FeaturePipeline(set);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cube = pipeline.Compute(panel, threads);
        var summary = FeatureSummary.From(cube, panel);
        AnsiConsole.MarkupLineInterpolated($"{panel.CodeCount} codes × {panel.DateCount} dates × {cube.FeatureCount} features in {watch.Elapsed.TotalSeconds:0.00} s");
        AnsiConsole.Write(OverallTable(summary));
        if (byYear)
        {
            AnsiConsole.Write(YearTable(summary));
        }

        if (csvPath is not null)
        {
            WriteCsv(summary, csvPath);
            AnsiConsole.MarkupLineInterpolated($"summary written to {csvPath}");
        }

        return ExitCodes.Ok;
    }

    private static string F(double v) => double.IsNaN(v) ? "NaN" : v.ToString("G5", CultureInfo.InvariantCulture);

    private static Table OverallTable(FeatureSummary summary)
    {
        var table = new Table().Title("Feature coverage (stock-days from each stock's first to last bar)");
        table.AddColumns("feature", "cells", "finite", "NaN %", "mean", "std");
        foreach (var s in summary.Overall)
        {
            table.AddRow(s.Name, s.Cells.ToString(CultureInfo.InvariantCulture), s.Finite.ToString(CultureInfo.InvariantCulture),
                (100 * s.NanShare).ToString("0.0", CultureInfo.InvariantCulture), F(s.Mean), F(s.Std));
        }

        return table;
    }

    private static Table YearTable(FeatureSummary summary)
    {
        var years = summary.ByYear.Select(s => s.Year!.Value).Distinct().Order().ToArray();
        var table = new Table().Title("NaN % per year");
        table.AddColumn("feature");
        foreach (var y in years)
        {
            table.AddColumn(y.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var group in summary.ByYear.GroupBy(s => s.Name))
        {
            table.AddRow([group.Key, .. group.OrderBy(s => s.Year).Select(s => (100 * s.NanShare).ToString("0", CultureInfo.InvariantCulture))]);
        }

        return table;
    }

    private static void WriteCsv(FeatureSummary summary, string path)
    {
        var text = new StringBuilder("feature,year,cells,finite,nan_share,mean,std\n");
        foreach (var s in summary.Overall.Concat(summary.ByYear))
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.Name},{s.Year},{s.Cells},{s.Finite},{s.NanShare:R},{s.Mean:R},{s.Std:R}\n");
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }
}
