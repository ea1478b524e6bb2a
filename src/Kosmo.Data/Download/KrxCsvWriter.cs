using System.Globalization;
using System.Text;
using Kosmo.Core.IO;

namespace Kosmo.Data.Download;

/// <summary>
/// Writes KRX Open API rows as files the importer reads: stock rows as a marcap-format CSV (the marcap header, one
/// row per stock-day, sorted by date then code, <c>Rank</c> by market cap within the day across markets) and an index
/// series as <c>Date,Open,High,Low,Close,Volume,Amount,MarCap</c>. Each file is written to a temporary name and renamed.
/// </summary>
internal static class KrxCsvWriter
{
    /// <summary>The marcap header (the legacy spelling <c>ChagesRatio</c>, which every importer version reads).</summary>
    public const string MarcapHeader = "Date,Code,Name,Market,MarketId,Dept,Open,High,Low,Close,ChangeCode,Changes,ChagesRatio,Volume,Amount,Marcap,Stocks,Rank";

    /// <summary>The index header.</summary>
    public const string IndexHeader = "Date,Open,High,Low,Close,Volume,Amount,MarCap";

    private static readonly string[] _indexFields = ["OPNPRC_IDX", "HGPRC_IDX", "LWPRC_IDX", "CLSPRC_IDX", "ACC_TRDVOL", "ACC_TRDVAL", "MKTCAP"];
    private static readonly string[] _priceFields = ["TDD_OPNPRC", "TDD_HGPRC", "TDD_LWPRC", "TDD_CLSPRC"];
    private static readonly string[] _sizeFields = ["ACC_TRDVOL", "ACC_TRDVAL", "MKTCAP", "LIST_SHRS"];

    /// <summary>Writes the stock rows of every day; returns the number of rows.</summary>
    /// <exception cref="FormatException">A number field is not a number.</exception>
    public static long WriteStocks(string path, IReadOnlyList<(DateOnly Date, List<KrxRow> Rows)> days)
    {
        long count = 0;
        Atomic(path, w =>
        {
            w.WriteLine(MarcapHeader);
            foreach (var (date, rows) in days.OrderBy(d => d.Date))
            {
                var ordered = rows.OrderBy(r => r.Text("ISU_SRT_CD"), StringComparer.Ordinal).ToList();
                var rank = 0;
                var ranks = rows.OrderByDescending(r => r.Number("MKTCAP") ?? 0).ThenBy(r => r.Text("ISU_SRT_CD"), StringComparer.Ordinal)
                    .ToDictionary(r => r, _ => ++rank);
                foreach (var r in ordered)
                {
                    WriteStock(w, date, r, ranks[r]);
                    count++;
                }
            }
        });
        return count;
    }

    /// <summary>Writes one index series; returns the number of rows.</summary>
    /// <exception cref="FormatException">A number field is not a number.</exception>
    public static long WriteIndex(string path, IReadOnlyList<(DateOnly Date, KrxRow Row)> days)
    {
        Atomic(path, w =>
        {
            w.WriteLine(IndexHeader);
            foreach (var (date, r) in days.OrderBy(d => d.Date))
            {
                w.Write(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                foreach (var field in _indexFields)
                {
                    w.Write(',');
                    w.Write(N(r.Number(field)));
                }

                w.WriteLine();
            }
        });
        return days.Count;
    }

    private static void WriteStock(TextWriter w, DateOnly date, KrxRow r, int rank)
    {
        var market = r.Text("MKT_NM");
        var marketId = market.StartsWith("KOSDAQ", StringComparison.OrdinalIgnoreCase) ? "KSQ"
            : market.StartsWith("KONEX", StringComparison.OrdinalIgnoreCase) ? "KNX"
            : market.StartsWith("KOSPI", StringComparison.OrdinalIgnoreCase) ? "STK" : "";
        var dept = r.Text("SECT_TP_NM");
        var volume = r.Number("ACC_TRDVOL");
        var open = r.Number("TDD_OPNPRC");
        var changes = r.Number("CMPPREVDD_PRC");
        // marcap's ChangeCode: 0 no trade (halted), 1 up, 2 down, 3 unchanged. KRX's page has no limit flag, so 4/5 are not written.
        var changeCode = (volume ?? 0) == 0 && (open ?? 0) == 0 ? 0 : changes > 0 ? 1 : changes < 0 ? 2 : 3;
        w.Write(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.Write(',');
        w.Write(r.Text("ISU_SRT_CD"));
        w.Write(',');
        w.Write(Quote(r.Text("ISU_ABBRV")));
        w.Write(',');
        w.Write(Quote(market));
        w.Write(',');
        w.Write(marketId);
        w.Write(',');
        w.Write(Quote(dept == "-" ? "" : dept));
        foreach (var field in _priceFields)
        {
            w.Write(',');
            w.Write(N(r.Number(field)));
        }

        w.Write(',');
        w.Write(changeCode.ToString(CultureInfo.InvariantCulture));
        w.Write(',');
        w.Write(N(changes));
        w.Write(',');
        w.Write(N(r.Number("FLUC_RT")));
        foreach (var field in _sizeFields)
        {
            w.Write(',');
            w.Write(N(r.Number(field)));
        }

        w.Write(',');
        w.WriteLine(rank.ToString(CultureInfo.InvariantCulture));
    }

    private static void Atomic(string path, Action<TextWriter> write) => AtomicFile.Write(path, write);

    private static string N(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "'", StringComparison.Ordinal) + "\""
        : s;
}
