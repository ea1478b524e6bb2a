namespace Kosmo.Core.IO;

/// <summary>
/// The one reader and writer of <c>RUN/equity.csv</c>: header <c>date,strategy,equity</c>, one row per strategy (or
/// benchmark) and date, in curve order then date order, ISO dates, the strategy quoted when it holds a comma
/// (<see cref="CsvText.Field"/>), equity in KRW in its shortest round-trip form (empty when not finite), '\n' line ends.
/// </summary>
public static class EquityCsv
{
    /// <summary>The exact header line.</summary>
    public const string Header = "date,strategy,equity";

    /// <summary>Writes the curves, one row per date, through a temp file and rename.</summary>
    /// <param name="path">Target file (its folder is created).</param>
    /// <param name="curves">The curves, in the order they are written.</param>
    /// <exception cref="ArgumentException">A curve's dates and equity differ in length.</exception>
    public static void Write(string path, IEnumerable<EquityCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var list = curves.ToList();
        foreach (var c in list)
        {
            if (c.Dates.Count != c.Equity.Count)
            {
                throw new ArgumentException($"Curve '{c.Strategy}' has {c.Dates.Count} dates and {c.Equity.Count} equity values.", nameof(curves));
            }
        }

        AtomicFile.Write(path, w =>
        {
            w.WriteLine(Header);
            foreach (var c in list)
            {
                var name = CsvText.Field(c.Strategy);
                for (var d = 0; d < c.Dates.Count; d++)
                {
                    w.WriteLine($"{CsvText.Date(c.Dates[d])},{name},{CsvText.NumberOrEmpty(c.Equity[d])}");
                }
            }
        });
    }

    /// <summary>Reads one curve per strategy, in first-appearance order, each sorted by date.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A bad header, field count, date or empty strategy, an equity that is not a
    /// positive finite number, or a repeated (date, strategy); names file, line and column.</exception>
    public static IReadOnlyList<EquityCurve> Read(string path)
    {
        var byName = new Dictionary<string, SortedDictionary<DateOnly, double>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (line, f) in CsvText.ReadRecords(path, Header, 3))
        {
            var date = CsvText.ParseDate(path, line, "date", f[0]);
            var name = CsvText.ParseText(path, line, "strategy", f[1]);
            var equity = CsvText.ParseDouble(path, line, "equity", f[2]);
            if (equity <= 0)
            {
                throw new DataValidationException(path, line, "equity", $"equity must be positive, got {CsvText.Number(equity)}.");
            }

            if (!byName.TryGetValue(name, out var series))
            {
                byName[name] = series = [];
                order.Add(name);
            }

            if (!series.TryAdd(date, equity))
            {
                throw new DataValidationException(path, line, "date", $"repeated date {CsvText.Date(date)} for strategy '{name}'.");
            }
        }

        return [.. order.Select(n => new EquityCurve(n, byName[n].Keys.ToArray(), byName[n].Values.ToArray()))];
    }
}
