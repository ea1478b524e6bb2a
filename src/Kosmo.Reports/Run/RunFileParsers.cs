using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Reports.Run;

/// <summary>
/// Parsers of the run-folder CSV files; each throws <see cref="DataValidationException"/> on the first bad value.
/// equity.csv, trades.csv and predictions.csv are read by their one reader in Kosmo.Core.IO (<see cref="EquityCsv"/>,
/// <see cref="TradesCsv"/>, <see cref="PredictionsCsv"/>); the files only the report reads go through <see cref="CsvTable"/>.
/// </summary>
internal static class RunFileParsers
{
    /// <summary>equity.csv → one series per strategy, in first-appearance order, sorted by date.</summary>
    /// <exception cref="DataValidationException">A bad value, a non-positive equity or a repeated (date, strategy).</exception>
    public static List<EquitySeries> Equity(string path, ISet<string> benchmarks) =>
        [.. EquityCsv.Read(path).Select(c => new EquitySeries(c.Strategy, [.. c.Dates], [.. c.Equity], benchmarks.Contains(c.Strategy)))];

    /// <exception cref="DataValidationException">A bad value.</exception>
    public static IReadOnlyList<TradeRecord> Trades(string path) => TradesCsv.Read(path);

    /// <summary>
    /// Streams predictions.csv (it may hold millions of rows) into one summary per model, in first-appearance order. A
    /// K-class file (p_0..p_{K−1}) is summarised by its down and up masses (<see cref="ClassScore.Masses"/>; flat =
    /// 1 − down − up), and its argmax counts by side: a predicted class below the middle counts as down, above it as
    /// up, the middle class of an odd K as flat.
    /// </summary>
    /// <exception cref="DataValidationException">A bad value.</exception>
    public static List<PredictionSummary> Predictions(string path)
    {
        var acc = new Dictionary<string, (long N, HashSet<DateOnly> Dates, HashSet<string> Codes, double D, double F, double U, long AD, long AF, long AU)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (_, r) in PredictionsCsv.Stream(path))
        {
            if (!acc.TryGetValue(r.Model, out var a))
            {
                a = (0, [], new HashSet<string>(StringComparer.Ordinal), 0, 0, 0, 0, 0, 0);
                order.Add(r.Model);
            }

            a.Dates.Add(r.Date);
            a.Codes.Add(r.Code);
            var side = Side(r);
            acc[r.Model] = (a.N + 1, a.Dates, a.Codes, a.D + r.PDown, a.F + r.PFlat, a.U + r.PUp, a.AD + (side < 0 ? 1 : 0), a.AF + (side == 0 ? 1 : 0), a.AU + (side > 0 ? 1 : 0));
        }

        return order.Select(m =>
        {
            var a = acc[m];
            return new PredictionSummary(m, a.N, a.Dates.Count, a.Codes.Count, a.Dates.Min(), a.Dates.Max(), a.D / a.N, a.F / a.N, a.U / a.N, a.AD, a.AF, a.AU);
        }).ToList();
    }

    /// <summary>The side of a row's predicted class: −1 down, 0 flat (or the middle class of an odd K), +1 up.</summary>
    private static int Side(PredictionRecord r)
    {
        if (r.ClassProbabilities is not { } p)
        {
            return r.PDown >= r.PFlat && r.PDown >= r.PUp ? -1 : r.PFlat >= r.PUp ? 0 : 1;
        }

        var arg = 0;
        for (var k = 1; k < p.Length; k++)
        {
            arg = p[k] > p[arg] ? k : arg;
        }

        return Math.Sign((2 * arg) - (p.Length - 1));
    }

    /// <exception cref="DataValidationException">A bad value or a non-positive account size.</exception>
    public static List<CapacityRow> Capacity(string path) =>
        CsvTable.Rows(path, "account_krw", "strategy", "total_return", "cagr", "sharpe", "cost_drag").Select(r =>
        {
            var account = r.Number("account_krw");
            if (account <= 0)
            {
                throw new DataValidationException(path, r.Line, "account_krw", $"account size must be positive, got {account}");
            }

            return new CapacityRow(account, r.Text("strategy"), r.Number("total_return", true), r.Number("cagr", true), r.Number("sharpe", true), r.Number("cost_drag", true));
        }).ToList();

    /// <exception cref="DataValidationException">A bad value or a lag that is not a whole number.</exception>
    public static List<AttentionRow> Attention(string path) =>
        CsvTable.Rows(path, "model", "lag", "weight").Select(r => new AttentionRow(r.Text("model"), Whole(r, "lag"), r.Number("weight"))).ToList();

    /// <exception cref="DataValidationException">A bad value or a kind other than temporal/static.</exception>
    public static List<ImportanceRow> Importance(string path) =>
        CsvTable.Rows(path, "model", "kind", "variable", "weight").Select(r =>
        {
            var kind = r.Text("kind").ToLowerInvariant();
            if (kind is not ("temporal" or "static"))
            {
                throw new DataValidationException(path, r.Line, "kind", $"'{kind}' is not 'temporal' or 'static'");
            }

            return new ImportanceRow(r.Text("model"), kind, r.Text("variable"), r.Number("weight"));
        }).ToList();

    /// <summary>training_log.csv; val_loss, val_macro_f1, lr and samples_per_s may be empty (NaN) or absent.</summary>
    /// <exception cref="DataValidationException">A bad value.</exception>
    public static List<TrainingRow> Training(string path) =>
        CsvTable.Rows(path, "model", "fold", "epoch", "train_loss").Select(r => new TrainingRow(
            r.Text("model"), Whole(r, "fold"), Whole(r, "epoch"), r.Number("train_loss", true), Opt(r, "val_loss"), Opt(r, "val_macro_f1"),
            Opt(r, "lr"), Opt(r, "samples_per_s"))).ToList();

    private static double Opt(CsvTable r, string column) => r.Has(column) ? r.Number(column, true) : double.NaN;

    private static int Whole(CsvTable r, string column)
    {
        var v = r.Number(column);
        return v == Math.Floor(v) && Math.Abs(v) < int.MaxValue
            ? (int)v
            : throw new DataValidationException(r.Path, r.Line, column, $"'{v}' is not a whole number");
    }
}
