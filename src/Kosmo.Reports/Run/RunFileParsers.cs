using Kosmo.Core;

namespace Kosmo.Reports.Run;

/// <summary>Parsers of the run-folder CSV files; each throws <see cref="DataValidationException"/> on the first bad value.</summary>
internal static class RunFileParsers
{
    /// <summary>equity.csv → one series per strategy, in first-appearance order, sorted by date.</summary>
    /// <exception cref="DataValidationException">A bad value, a non-positive equity or a repeated (date, strategy).</exception>
    public static List<EquitySeries> Equity(string path, ISet<string> benchmarks)
    {
        var byName = new Dictionary<string, SortedDictionary<DateOnly, double>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in CsvTable.Rows(path, "date", "strategy", "equity"))
        {
            var name = row.Text("strategy");
            var date = row.Date("date");
            var equity = row.Number("equity");
            if (equity <= 0)
            {
                throw new DataValidationException(path, row.Line, "equity", $"equity must be positive, got {equity}");
            }

            if (!byName.TryGetValue(name, out var series))
            {
                byName[name] = series = new SortedDictionary<DateOnly, double>();
                order.Add(name);
            }

            if (!series.TryAdd(date, equity))
            {
                throw new DataValidationException(path, row.Line, "date", $"repeated date {date:yyyy-MM-dd} for strategy '{name}'");
            }
        }

        return order.Select(n => new EquitySeries(n, byName[n].Keys.ToArray(), byName[n].Values.ToArray(), benchmarks.Contains(n))).ToList();
    }

    /// <exception cref="DataValidationException">A bad value.</exception>
    public static List<TradeRow> Trades(string path) =>
        CsvTable.Rows(path, "date", "code", "strategy", "side", "shares", "price", "commission", "tax", "slippage")
            .Select(r => new TradeRow(r.Date("date"), r.Text("code"), r.Text("strategy"), r.Text("side"), Math.Abs(r.Number("shares")),
                r.Number("price"), r.Number("commission"), r.Number("tax"), r.Number("slippage")))
            .ToList();

    /// <summary>
    /// Streams predictions.csv (it may hold millions of rows) into one summary per model. A K-class file
    /// (p_0..p_{K−1}) is summarised by its down and up masses (<see cref="ClassScore.Masses"/>; flat = 1 − down − up),
    /// and its argmax counts by side: a predicted class below the middle counts as down, above it as up, the middle
    /// class of an odd K as flat.
    /// </summary>
    /// <exception cref="DataValidationException">A bad value.</exception>
    public static List<PredictionSummary> Predictions(string path)
    {
        var first = File.Exists(path) ? File.ReadLines(path).FirstOrDefault() ?? "" : "";
        var columns = first.TrimStart('\uFEFF').Split(',');
        if (!columns.Contains("p_down") && columns.Contains("p_0"))
        {
            return ClassPredictions(path, columns.Count(c => c.StartsWith("p_", StringComparison.Ordinal)));
        }

        var acc = new Dictionary<string, (long N, HashSet<DateOnly> Dates, HashSet<string> Codes, double D, double F, double U, long AD, long AF, long AU)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var r in CsvTable.Rows(path, "date", "code", "model", "p_down", "p_flat", "p_up"))
        {
            var model = r.Text("model");
            if (!acc.TryGetValue(model, out var a))
            {
                a = (0, [], new HashSet<string>(StringComparer.Ordinal), 0, 0, 0, 0, 0, 0);
                order.Add(model);
            }

            double d = r.Number("p_down"), f = r.Number("p_flat"), u = r.Number("p_up");
            a.Dates.Add(r.Date("date"));
            a.Codes.Add(r.Text("code"));
            var arg = d >= f && d >= u ? 0 : f >= u ? 1 : 2;
            acc[model] = (a.N + 1, a.Dates, a.Codes, a.D + d, a.F + f, a.U + u, a.AD + (arg == 0 ? 1 : 0), a.AF + (arg == 1 ? 1 : 0), a.AU + (arg == 2 ? 1 : 0));
        }

        return order.Select(m =>
        {
            var a = acc[m];
            return new PredictionSummary(m, a.N, a.Dates.Count, a.Codes.Count, a.Dates.Min(), a.Dates.Max(), a.D / a.N, a.F / a.N, a.U / a.N, a.AD, a.AF, a.AU);
        }).ToList();
    }

    private static List<PredictionSummary> ClassPredictions(string path, int classes)
    {
        var acc = new Dictionary<string, (long N, HashSet<DateOnly> Dates, HashSet<string> Codes, double D, double F, double U, long AD, long AF, long AU)>(StringComparer.Ordinal);
        var order = new List<string>();
        var names = Enumerable.Range(0, classes).Select(k => $"p_{k}").ToArray();
        var p = new float[classes];
        foreach (var r in CsvTable.Rows(path, ["date", "code", "model", .. names]))
        {
            var model = r.Text("model");
            if (!acc.TryGetValue(model, out var a))
            {
                a = (0, [], new HashSet<string>(StringComparer.Ordinal), 0, 0, 0, 0, 0, 0);
                order.Add(model);
            }

            var arg = 0;
            for (var k = 0; k < classes; k++)
            {
                p[k] = (float)r.Number(names[k]);
                arg = p[k] > p[arg] ? k : arg;
            }

            var (d, u) = ClassScore.Masses(p);
            a.Dates.Add(r.Date("date"));
            a.Codes.Add(r.Text("code"));
            var side = Math.Sign((2 * arg) - (classes - 1));
            acc[model] = (a.N + 1, a.Dates, a.Codes, a.D + d, a.F + (1 - d - u), a.U + u, a.AD + (side < 0 ? 1 : 0), a.AF + (side == 0 ? 1 : 0), a.AU + (side > 0 ? 1 : 0));
        }

        return order.Select(m =>
        {
            var a = acc[m];
            return new PredictionSummary(m, a.N, a.Dates.Count, a.Codes.Count, a.Dates.Min(), a.Dates.Max(), a.D / a.N, a.F / a.N, a.U / a.N, a.AD, a.AF, a.AU);
        }).ToList();
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
