using Kosmo.Core;

namespace Kosmo.Data.Universe;

/// <summary>
/// Builds the tradable small-cap universe from a panel, date by date, using only data at or before each date (causal).
/// </summary>
/// <remarks>
/// Rules, in order (a code is charged to the first that fails, <see cref="ExclusionReason"/>): listed that day → market
/// that day (<see cref="Kosmo.Core.Panel.MarketAt"/>: a KOSDAQ → KOSPI mover counts as KOSDAQ before its move and KOSPI
/// after; KOSPI/KOSDAQ by default, never KONEX) → not a SPAC → not a preferred share → not a fund/ETF/ETN/REIT → not flagged
/// (관리종목, 투자주의환기, warning, risk) that day → traded that day → at least MinHistoryDays panel dates since its first bar
/// → trailing LiquidityWindow-day mean trading value ≥ floor (cells without a value are skipped, at least
/// MinLiquidityObservations needed) → close ≥ MinPrice → size. Size: a code's market cap is the panel's MarketCap, else
/// its last known cap (≤ MaxCapCarryDays old) carried by the adjusted-close return. If at least MinCapCoverage of the
/// codes reaching the size rules have one, the date is sized by market cap (codes without one: SizeUnknown), the
/// MinMarketCap floor applies, and the band keeps the ceil(SmallCapFraction × n) smallest of the n codes above the floor
/// (ties broken by code order). Otherwise the date is sized by the SizeProxyWindow-day mean trading value, without a floor.
/// </remarks>
public static class UniverseBuilder
{
    private const BarFlags FlaggedMask = BarFlags.Administrative | BarFlags.InvestmentCaution | BarFlags.InvestmentWarning | BarFlags.InvestmentRisk;

    /// <summary>Applies <paramref name="rules"/> to every date of <paramref name="panel"/>.</summary>
    /// <param name="panel">The point-in-time panel (T × N).</param>
    /// <param name="rules">Universe parameters (null = defaults).</param>
    /// <returns>Membership, first exclusion reasons (N × T) and per-date counts and size basis.</returns>
    /// <exception cref="ArgumentException">Invalid rules.</exception>
    public static UniverseResult Build(Kosmo.Core.Panel panel, UniverseRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        rules ??= new UniverseRules();
        rules.Validate();
        var T = panel.DateCount;
        var N = panel.CodeCount;
        var result = new UniverseResult(panel.Dates, panel.Codes, rules);
        var close = panel.Field(PanelField.Close);
        var value = panel.Field(PanelField.Value);
        var cap = panel.Field(PanelField.MarketCap);
        var adj = panel.Field(PanelField.AdjClose);
        var reasons = result.Reasons;
        var volume = panel.Field(PanelField.Volume);
        var sizeCap = new float[N * T];

        for (var i = 0; i < N; i++)
        {
            var stock = panel.Stocks[i];
            var staticReason = StaticReason(stock, rules);
            var marketReason = MarketReason(stock.Market, rules);
            var dated = panel.MarketHistory(i).Count > 0;
            var first = -1;
            var lastCap = -1;
            double liquiditySum = 0;
            var liquidityCount = 0;
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                if (!float.IsNaN(value[k]))
                {
                    liquiditySum += value[k];
                    liquidityCount++;
                }

                if (t >= rules.LiquidityWindow && !float.IsNaN(value[k - rules.LiquidityWindow]))
                {
                    liquiditySum -= value[k - rules.LiquidityWindow];
                    liquidityCount--;
                }

                if (float.IsNaN(close[k]) && float.IsNaN(volume[k]))
                {
                    reasons[k] = ExclusionReason.NotListed;
                    continue;
                }

                first = first < 0 ? t : first;
                if (cap[k] > 0)
                {
                    lastCap = t;
                }

                sizeCap[k] = (float)CarriedCap(cap, adj, close, i * T, lastCap, t, rules.MaxCapCarryDays);
                var liquidity = liquidityCount >= rules.MinLiquidityObservations ? liquiditySum / liquidityCount : double.NaN;
                reasons[k] = (dated ? MarketReason(panel.MarketAt(i, t), rules) : marketReason) is var m && m != ExclusionReason.None ? m
                    : staticReason != ExclusionReason.None ? staticReason
                    : (panel.Flags[k] & FlaggedMask) != 0 ? ExclusionReason.Flagged
                    : !panel.IsTrading(i, t) ? ExclusionReason.Halted
                    : t - first + 1 < rules.MinHistoryDays ? ExclusionReason.ShortHistory
                    : !(liquidity >= rules.MinAverageTradingValue) ? ExclusionReason.Illiquid
                    : !(close[k] >= rules.MinPrice) ? ExclusionReason.LowPrice
                    : ExclusionReason.None;
            }
        }

        for (var t = 0; t < T; t++)
        {
            result.SizeBasis[t] = ApplySize(result, t, sizeCap, cap, value, rules);
            for (var i = 0; i < N; i++)
            {
                result.Counts[t * UniverseResult.ReasonCount + (int)reasons[i * T + t]]++;
            }
        }

        return result;
    }

    private static ExclusionReason MarketReason(Market market, UniverseRules rules) =>
        market == Market.Konex || !rules.Markets.Contains(market) ? ExclusionReason.Market : ExclusionReason.None;

    private static ExclusionReason StaticReason(StockInfo stock, UniverseRules rules) =>
        Import.ImportBounds.IsIndexPseudoCode(stock.Code) ? ExclusionReason.NotAStock
        : SecurityClassifier.IsSpac(stock.Name, stock.Dept) ? ExclusionReason.Spac
        : SecurityClassifier.IsPreferred(stock.Code, stock.Name) ? ExclusionReason.Preferred
        : SecurityClassifier.IsFund(stock.Name, rules.FundNamePatterns, rules.FundNameSuffixes) ? ExclusionReason.Fund
        : ExclusionReason.None;

    /// <summary>Market cap at t, or the last known one (at lastCap, ≤ maxAge days ago) carried by the adjusted-close return; NaN when none.</summary>
    private static double CarriedCap(float[] cap, float[] adj, float[] close, int baseK, int lastCap, int t, int maxAge)
    {
        if (lastCap < 0 || t - lastCap > maxAge)
        {
            return double.NaN;
        }

        if (lastCap == t)
        {
            return cap[baseK + t];
        }

        var growth = adj[baseK + t] > 0 && adj[baseK + lastCap] > 0
            ? (double)adj[baseK + t] / adj[baseK + lastCap]
            : (double)close[baseK + t] / close[baseK + lastCap];
        return double.IsFinite(growth) && growth > 0 ? cap[baseK + lastCap] * growth : double.NaN;
    }

    /// <summary>Mean of the finite values in [t − window + 1, t]; NaN with fewer than minCount of them.</summary>
    private static double TrailingMean(float[] field, int baseK, int t, int window, int minCount)
    {
        double sum = 0;
        var n = 0;
        for (var s = Math.Max(0, t - window + 1); s <= t; s++)
        {
            var v = field[baseK + s];
            if (!float.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }

        return n >= minCount ? sum / n : double.NaN;
    }

    private static SizeBasis ApplySize(UniverseResult result, int t, float[] sizeCap, float[] cap, float[] value, UniverseRules rules)
    {
        var T = result.Dates.Length;
        var reasons = result.Reasons;
        var candidates = new List<int>();
        int withCap = 0, withTrueCap = 0;
        for (var i = 0; i < result.Codes.Length; i++)
        {
            var k = i * T + t;
            if (reasons[k] != ExclusionReason.None)
            {
                continue;
            }

            candidates.Add(i);
            if (!float.IsNaN(sizeCap[k]))
            {
                withCap++;
                withTrueCap += cap[k] > 0 ? 1 : 0;
            }
        }

        if (candidates.Count == 0)
        {
            return SizeBasis.None;
        }

        var byCap = withCap >= rules.MinCapCoverage * candidates.Count;
        var measure = new Dictionary<int, double>(candidates.Count);
        foreach (var i in candidates)
        {
            measure[i] = byCap ? sizeCap[i * T + t] : TrailingMean(value, i * T, t, rules.SizeProxyWindow, 1);
        }

        var eligible = new List<int>();
        foreach (var i in candidates)
        {
            var k = i * T + t;
            if (double.IsNaN(measure[i]))
            {
                reasons[k] = byCap ? ExclusionReason.SizeUnknown : ExclusionReason.Illiquid;
            }
            else if (byCap && measure[i] < rules.MinMarketCap)
            {
                reasons[k] = ExclusionReason.BelowMinMarketCap;
            }
            else
            {
                eligible.Add(i);
            }
        }

        eligible.Sort((a, b) => measure[a] != measure[b] ? measure[a].CompareTo(measure[b]) : a.CompareTo(b));
        var keep = (int)Math.Ceiling(rules.SmallCapFraction * eligible.Count - 1e-9);
        for (var j = keep; j < eligible.Count; j++)
        {
            reasons[eligible[j] * T + t] = ExclusionReason.AboveSmallCapBand;
        }

        return !byCap ? SizeBasis.TradingValueProxy : withTrueCap == withCap ? SizeBasis.MarketCap : SizeBasis.CarriedMarketCap;
    }
}
