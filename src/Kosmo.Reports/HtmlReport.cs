using System.Text;
using Kosmo.Reports.Html;
using Kosmo.Reports.Run;
using Kosmo.Core.IO;

namespace Kosmo.Reports;

/// <summary>
/// Writes the self-contained HTML report of a run folder (config.yaml, metrics.json, equity.csv, trades.csv,
/// predictions.csv and the optional files of docs/run-folder.md). The page needs no network: inline CSS, inline
/// SVG charts and a few lines of inline script for tooltips. The same inputs give the same bytes.
/// </summary>
public static class HtmlReport
{
    /// <summary>The file name written inside the run folder when no output path is given.</summary>
    public const string DefaultFileName = RunLayout.ReportFile;

    /// <summary>Renders the report of <paramref name="runDir"/> and writes it to <paramref name="outPath"/> (default RUN_DIR/report.html) via a temp file and rename.</summary>
    /// <returns>The output path and one line per input file that was present but could not be read (its section is skipped).</returns>
    /// <exception cref="DirectoryNotFoundException">The run folder does not exist.</exception>
    /// <exception cref="IOException">The output cannot be written.</exception>
    public static ReportResult Write(string runDir, string? outPath = null)
    {
        var run = RunFolderReader.Load(runDir);
        var html = Render(run);
        var target = Path.GetFullPath(outPath ?? Path.Combine(runDir, DefaultFileName));
        AtomicFile.WriteAllText(target, html);
        return new ReportResult(target, run.Problems, Encoding.UTF8.GetByteCount(html));
    }

    /// <summary>Renders the report of <paramref name="runDir"/> to an HTML string without writing anything.</summary>
    /// <exception cref="DirectoryNotFoundException">The run folder does not exist.</exception>
    public static string Render(string runDir) => Render(RunFolderReader.Load(runDir));

    internal static string Render(RunData run)
    {
        var oot = OotSection.Render(run);
        var body = SummarySection.Render(run) + PerformanceSection.Render(run) + TradingSection.Render(run)
            + ModelSection.Render(run) + oot + TablesSection.Render(run);
        var nav = new List<(string, string)> { ("summary", "Summary"), ("performance", "Performance"), ("trading", "Trading"), ("models", "Models"), ("tables", "Tables") };
        if (oot.Length > 0)
        {
            nav.Insert(4, ("oot", "Out of time"));
        }

        return Page.Wrap("Kosmo report — " + Path.GetFileName(Path.GetFullPath(run.RunDir).TrimEnd('/')), nav, body);
    }
}
