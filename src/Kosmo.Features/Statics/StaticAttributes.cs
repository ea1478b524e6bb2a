using Kosmo.Core;
using Kosmo.Features.Technical;

namespace Kosmo.Features.Statics;

/// <summary>
/// Categorical attributes per stock for the model's static encoder, with cardinalities to size embeddings.
/// Category 0 is always "unknown/other".
/// <list type="bullet">
/// <item><c>market</c> (5): 0 unknown, 1 KOSPI, 2 KOSDAQ, 3 KOSDAQ GLOBAL, 4 KONEX; per stock AND date where the panel has a
/// dated market (<see cref="Panel.MarketAt"/>: a KOSDAQ → KOSPI mover is KOSDAQ before its move), else the stock's market.</item>
/// <item><c>dept</c> (9): 0 other/unknown/none (all KOSPI), 1 우량기업부, 2 벤처기업부, 3 중견기업부, 4 기술성장기업부,
/// 5 관리종목, 6 투자주의환기종목, 7 SPAC, 8 외국기업. Taken from <see cref="StockInfo.Dept"/>, the latest known section
/// (a mild look-ahead the data contract imposes; per-day administrative flags live in <see cref="BarFlags"/>).</item>
/// <item><c>size</c> (B + 1), per stock AND date, causal: the stock's last known market cap at or before t (carried
/// forward while the stock has a close, i.e. is listed), bucketed by cross-sectional quantile among the stocks with a cap that day (1 = smallest .. B = largest).
/// When fewer than 10 stocks have a cap on t (data without caps), the proxy is the mean trading value over the last
/// 60 traded days (same bucketing). 0 when the stock has no measure on t.</item>
/// </list>
/// </summary>
public sealed class StaticAttributes
{
    private static readonly string[] _depts = ["우량기업부", "벤처기업부", "중견기업부", "기술성장기업부", "관리종목", "투자주의환기", "SPAC", "외국기업"];

    private StaticAttributes(string[] codes, int[] market, IReadOnlyList<DatedCategory> marketChanges, int[] dept, int[] size, int dates, int buckets)
    {
        Codes = codes;
        Market = market;
        MarketChanges = marketChanges;
        Dept = dept;
        SizeBucket = size;
        DateCount = dates;
        Cardinalities = new Dictionary<string, int>(StringComparer.Ordinal) { ["market"] = 5, ["dept"] = 9, ["size"] = buckets + 1 };
    }

    /// <summary>Codes (N), aligned with the panel.</summary>
    public string[] Codes { get; }

    /// <summary>Market category per stock (N) on the panel's first date (the stock's market when it never changed).</summary>
    public int[] Market { get; }

    /// <summary>The market category changes of stocks with a dated market history, by code then date (empty when none moved).</summary>
    public IReadOnlyList<DatedCategory> MarketChanges { get; }

    /// <summary>Dept category per stock (N).</summary>
    public int[] Dept { get; }

    /// <summary>Size bucket per stock and date, code-major (N × T, index i*T + t).</summary>
    public int[] SizeBucket { get; }

    /// <summary>Number of dates T.</summary>
    public int DateCount { get; }

    /// <summary>Categorical names in <see cref="At"/> order.</summary>
    public static IReadOnlyList<string> CategoricalNames { get; } = ["market", "dept", "size"];

    /// <summary>Cardinality per categorical name (embedding table sizes), including the 0 bucket.</summary>
    public IReadOnlyDictionary<string, int> Cardinalities { get; }

    /// <summary>The categorical codes of stock i as seen on date t: [market, dept, size].</summary>
    public int[] At(int codeIndex, int t) => [MarketAt(codeIndex, t), Dept[codeIndex], SizeBucket[codeIndex * DateCount + t]];

    /// <summary>The market category of stock <paramref name="codeIndex"/> on date index <paramref name="t"/>.</summary>
    public int MarketAt(int codeIndex, int t)
    {
        var category = Market[codeIndex];
        foreach (var change in MarketChanges)
        {
            if (change.Code == codeIndex && change.From <= t)
            {
                category = change.Value;
            }
        }

        return category;
    }

    /// <summary>Maps a market (and the KOSDAQ GLOBAL flag) to its category.</summary>
    public static int MarketCategory(StockInfo stock)
    {
        ArgumentNullException.ThrowIfNull(stock);
        return MarketCategory(stock.Market, stock.IsKosdaqGlobal);
    }

    /// <summary>Maps a market (and the stock's KOSDAQ GLOBAL flag) to its category.</summary>
    public static int MarketCategory(Market market, bool kosdaqGlobal)
    {
        return market switch
        {
            Core.Market.Kospi => 1,
            Core.Market.Kosdaq => kosdaqGlobal ? 3 : 2,
            Core.Market.Konex => 4,
            _ => 0,
        };
    }

    /// <summary>Maps a Dept string to its category (0 when empty or not recognised).</summary>
    public static int DeptCategory(string dept)
    {
        if (string.IsNullOrWhiteSpace(dept))
        {
            return 0;
        }

        for (var k = 0; k < _depts.Length; k++)
        {
            if (dept.Contains(_depts[k], StringComparison.Ordinal))
            {
                return k + 1;
            }
        }

        return 0;
    }

    /// <summary>Builds the attributes of a panel with <paramref name="sizeBuckets"/> size buckets (default 5).</summary>
    public static StaticAttributes Build(Panel panel, int sizeBuckets = 5)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeBuckets, 1);
        int N = panel.CodeCount, T = panel.DateCount;
        var capFf = new double[N * T];
        var proxy = new double[N * T];
        Parallel.For(0, N, i =>
        {
            var s = StockSeries.From(panel, i);
            var close = panel.Series(PanelField.Close, i);
            var last = double.NaN;
            for (var t = 0; t < T; t++)
            {
                // Carry the last known cap while the stock is listed (has a close, halted days included).
                last = double.IsFinite(s.MarketCap[t]) ? s.MarketCap[t] : last;
                capFf[i * T + t] = float.IsFinite(close[t]) ? last : double.NaN;
            }

            var value = s.Compact(s.Value);
            var mean = Rolling.Mean(value, 60, VolatilityFeature.MinPeriods(60));
            var carried = double.NaN;
            var n = 0;
            for (var t = 0; t < T; t++)
            {
                if (n < s.TradingIndices.Length && s.TradingIndices[n] == t)
                {
                    carried = mean[n++];
                }

                proxy[i * T + t] = float.IsFinite(close[t]) ? carried : double.NaN;
            }
        });

        var size = new int[N * T];
        var measure = new double[N];
        var order = new List<int>(N);
        for (var t = 0; t < T; t++)
        {
            var caps = 0;
            for (var i = 0; i < N; i++)
            {
                caps += double.IsFinite(capFf[i * T + t]) ? 1 : 0;
            }

            var source = caps >= 10 ? capFf : proxy;
            order.Clear();
            for (var i = 0; i < N; i++)
            {
                measure[i] = source[i * T + t];
                if (double.IsFinite(measure[i]))
                {
                    order.Add(i);
                }
            }

            order.Sort((a, b) => measure[a] != measure[b] ? measure[a].CompareTo(measure[b]) : a.CompareTo(b));
            for (var r = 0; r < order.Count; r++)
            {
                size[order[r] * T + t] = 1 + (int)((long)r * sizeBuckets / order.Count);
            }
        }

        var market = new int[N];
        var changes = new List<DatedCategory>();
        for (var i = 0; i < N; i++)
        {
            var stock = panel.Stocks[i];
            var history = panel.MarketHistory(i);
            market[i] = history.Count == 0 ? MarketCategory(stock) : MarketCategory(history[0].Market, stock.IsKosdaqGlobal);
            for (var j = 1; j < history.Count; j++)
            {
                changes.Add(new DatedCategory(i, history[j].From, MarketCategory(history[j].Market, stock.IsKosdaqGlobal)));
            }
        }

        return new StaticAttributes(
            panel.Codes,
            market,
            changes,
            [.. panel.Stocks.Select(s => DeptCategory(s.Dept))],
            size,
            T,
            sizeBuckets);
    }
}
