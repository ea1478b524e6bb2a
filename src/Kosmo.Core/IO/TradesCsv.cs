using System.Globalization;

namespace Kosmo.Core.IO;

/// <summary>
/// The one reader and writer of <c>RUN/trades.csv</c>: header <c>date,code,strategy,side,shares,price,commission,tax,slippage</c>,
/// one row per fill in the order given, ISO dates, code and strategy quoted when they hold a comma
/// (<see cref="CsvText.Field"/>), side buy/sell/delist, shares and the costs as whole KRW, the price in its shortest
/// round-trip form (empty when not finite), '\n' line ends.
/// </summary>
public static class TradesCsv
{
    /// <summary>The exact header line.</summary>
    public const string Header = "date,code,strategy,side,shares,price,commission,tax,slippage";

    /// <summary>The sides a row may name.</summary>
    public static IReadOnlyList<string> Sides { get; } = ["buy", "sell", "delist"];

    /// <summary>Writes the rows in the order given through a temp file and rename.</summary>
    /// <param name="path">Target file (its folder is created).</param>
    /// <param name="rows">The fills.</param>
    public static void Write(string path, IEnumerable<TradeRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        AtomicFile.Write(path, w =>
        {
            w.WriteLine(Header);
            foreach (var t in rows)
            {
                w.WriteLine(
                    $"{CsvText.Date(t.Date)},{CsvText.Field(t.Code)},{CsvText.Field(t.Strategy)},{t.Side},{Whole(t.Shares)},{CsvText.NumberOrEmpty(t.Price)},{Whole(t.Commission)},{Whole(t.Tax)},{Whole(t.Slippage)}");
            }
        });
    }

    /// <summary>Reads every row in file order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A bad header, field count, date, empty code or strategy, a side other than
    /// buy/sell/delist, negative shares, a count or cost that is not a whole number, or a price that is not a finite
    /// number (an empty price reads as NaN); names file, line and column.</exception>
    public static IReadOnlyList<TradeRecord> Read(string path)
    {
        var rows = new List<TradeRecord>();
        foreach (var (line, f) in CsvText.ReadRecords(path, Header, 9))
        {
            var date = CsvText.ParseDate(path, line, "date", f[0]);
            var code = CsvText.ParseText(path, line, "code", f[1]);
            var strategy = CsvText.ParseText(path, line, "strategy", f[2]);
            var side = f[3];
            if (!Sides.Contains(side))
            {
                throw new DataValidationException(path, line, "side", $"'{DataValidationException.Clip(side)}' is not buy, sell or delist.");
            }

            var shares = ParseWhole(path, line, "shares", f[4]);
            if (shares < 0)
            {
                throw new DataValidationException(path, line, "shares", $"shares must be ≥ 0, got {shares}.");
            }

            var price = f[5].Length == 0 ? double.NaN : CsvText.ParseDouble(path, line, "price", f[5]);
            rows.Add(new TradeRecord(date, code, strategy, side, shares, price,
                ParseWhole(path, line, "commission", f[6]), ParseWhole(path, line, "tax", f[7]), ParseWhole(path, line, "slippage", f[8])));
        }

        return rows;
    }

    private static string Whole(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long ParseWhole(string path, int line, string column, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new DataValidationException(path, line, column, $"'{DataValidationException.Clip(text)}' is not a whole number.");
}
