using System.Globalization;
using System.IO.Compression;
using System.Text;
using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Data.Synthetic;

/// <summary>
/// Writes a <see cref="SyntheticMarket"/> as a marcap-format CSV (gzip when the name ends in .gz), sorted by
/// Date then Code, with an extra trailing <c>Synthetic</c> column (the seed) by which the importer files it
/// under the 'synthetic' source. Halted rows follow marcap: O/H/L written as 0, ChangeCode 0. Written to a
/// temporary file and renamed, so a failure leaves no half file.
/// </summary>
public static class MarcapCsvWriter
{
    /// <summary>The header written (marcap columns plus Synthetic).</summary>
    public const string Header = "Date,Code,Name,Market,MarketId,Dept,Open,High,Low,Close,ChangeCode,Changes,ChagesRatio,Volume,Amount,Marcap,Stocks,Rank,Synthetic";

    /// <summary>Writes the file.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, SyntheticMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var full = Path.GetFullPath(path);
        var info = market.Stocks.ToDictionary(s => s.Code, StringComparer.Ordinal);
        AtomicFile.WriteBytes(full, file =>
        {
            using var gz = full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true) : null;
            using var w = new StreamWriter((Stream?)gz ?? file, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            w.WriteLine(Header);
            foreach (var day in market.Bars.GroupBy(b => b.Date).OrderBy(g => g.Key))
            {
                var rank = 0;
                var ranks = day.OrderByDescending(b => b.MarketCap).ThenBy(b => b.Code, StringComparer.Ordinal).ToDictionary(b => b.Code, _ => ++rank, StringComparer.Ordinal);
                foreach (var b in day.OrderBy(b => b.Code, StringComparer.Ordinal))
                {
                    WriteRow(w, b, info[b.Code], ranks[b.Code], market.Options.Seed);
                }
            }
        });
    }

    private static void WriteRow(StreamWriter w, in DailyBar b, StockInfo s, int rank, int seed)
    {
        var halted = (b.Flags & BarFlags.Halted) != 0;
        var changeCode = halted ? 0 : (b.Flags & BarFlags.UpperLimit) != 0 ? 4 : (b.Flags & BarFlags.LowerLimit) != 0 ? 5 : b.ChangeRatio > 0 ? 1 : b.ChangeRatio < 0 ? 2 : 3;
        var dept = (b.Flags & BarFlags.Administrative) != 0 ? SyntheticUniverse.AdminDept : s.Dept;
        var market = s.Market switch { Market.Kospi => "KOSPI", Market.Kosdaq => "KOSDAQ", Market.Konex => "KONEX", _ => "" };
        var marketId = s.Market switch { Market.Kospi => "STK", Market.Kosdaq => "KSQ", Market.Konex => "KNX", _ => "" };
        var changes = b.Close - b.Close / (1 + b.ChangeRatio);
        w.Write(b.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.Write(',');
        w.Write(b.Code);
        w.Write(',');
        w.Write(s.Name);
        w.Write(',');
        w.Write(market);
        w.Write(',');
        w.Write(marketId);
        w.Write(',');
        w.Write(dept);
        foreach (var v in new[] { halted ? 0 : b.Open, halted ? 0 : b.High, halted ? 0 : b.Low, b.Close })
        {
            w.Write(',');
            w.Write(N(v));
        }

        w.Write(',');
        w.Write(changeCode.ToString(CultureInfo.InvariantCulture));
        w.Write(',');
        w.Write(N(Math.Round(changes)));
        w.Write(',');
        w.Write(N(Math.Round(b.ChangeRatio * 100, 2)));
        foreach (var v in new[] { b.Volume, b.Amount, b.MarketCap, b.Shares })
        {
            w.Write(',');
            w.Write(N(v));
        }

        w.Write(',');
        w.Write(rank.ToString(CultureInfo.InvariantCulture));
        w.Write(',');
        w.WriteLine(seed.ToString(CultureInfo.InvariantCulture));
    }

    private static string N(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
