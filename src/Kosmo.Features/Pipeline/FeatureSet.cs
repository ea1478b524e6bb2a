using System.Globalization;
using Kosmo.Features.FracDiff;
using Kosmo.Features.MarketContext;
using Kosmo.Features.Technical;
using Kosmo.Features.Wavelets;

namespace Kosmo.Features.Pipeline;

/// <summary>
/// A configurable list of feature groups (per-stock and market-wide) that a <see cref="FeaturePipeline"/> computes.
/// Build it in code, take <see cref="Default"/>, or parse specs such as <c>"returns:1:5:20"</c>, <c>"rsi:14"</c>,
/// <c>"wavelet:la8:4"</c>, <c>"ffd:0.4"</c>, <c>"index:KOSDAQ"</c> (see <see cref="Parse"/>).
/// </summary>
public sealed class FeatureSet
{
    /// <summary>Per-stock feature groups, in output order.</summary>
    public List<IStockFeature> StockFeatures { get; } = [];

    /// <summary>Market-wide feature groups, placed after the per-stock columns.</summary>
    public List<IMarketFeature> MarketFeatures { get; } = [];

    /// <summary>All output names (K): per-stock columns then market columns.</summary>
    public string[] Names =>
        [.. StockFeatures.SelectMany(f => f.Names), .. MarketFeatures.SelectMany(f => f.Names)];

    /// <summary>
    /// The full default set: returns (1, 5, 20, 60, 120 d, 12−1 momentum), volatility (20, 60), RSI(14),
    /// MACD(12, 26, 9), Bollinger(20, 2), liquidity, price range, limit hits, listing age, Haar and LA8 MODWT (J = 4),
    /// FFD(d = 0.4), KOSDAQ and KOSPI index context, breadth, VIX.
    /// </summary>
    public static FeatureSet Default() => Parse(
        "returns", "vol", "rsi", "macd", "bollinger", "liquidity", "range", "limits", "age",
        "wavelet:haar:4", "wavelet:la8:4", "ffd:0.4", "index:KOSDAQ", "index:KOSPI", "breadth", "vix");

    /// <summary>
    /// Parses group specs <c>name[:p1[:p2...]]</c>: returns[:h...], vol[:w...], rsi[:p], macd[:fast:slow:signal],
    /// bollinger[:w:k], liquidity[:zWindow:amihudWindow], range[:w], limits, age, wavelet[:filter[:J]], ffd[:d[:threshold]],
    /// index:NAME, breadth[:maWindow], vix.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown group or bad parameter (the message names the spec).</exception>
    public static FeatureSet Parse(params string[] specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var set = new FeatureSet();
        foreach (var spec in specs)
        {
            var parts = spec.Split(':', StringSplitOptions.TrimEntries);
            try
            {
                int I(int k, int fallback) => parts.Length > k ? int.Parse(parts[k], CultureInfo.InvariantCulture) : fallback;
                double D(int k, double fallback) => parts.Length > k ? double.Parse(parts[k], CultureInfo.InvariantCulture) : fallback;
                int[] Ints() => [.. parts.Skip(1).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
                switch (parts[0].ToLowerInvariant())
                {
                    case "returns": set.StockFeatures.Add(new ReturnFeature(Ints())); break;
                    case "vol": set.StockFeatures.Add(new VolatilityFeature(Ints())); break;
                    case "rsi": set.StockFeatures.Add(new RsiFeature(I(1, 14))); break;
                    case "macd": set.StockFeatures.Add(new MacdFeature(I(1, 12), I(2, 26), I(3, 9))); break;
                    case "bollinger": set.StockFeatures.Add(new BollingerFeature(I(1, 20), D(2, 2))); break;
                    case "liquidity": set.StockFeatures.Add(new LiquidityFeature(I(1, 60), I(2, 20))); break;
                    case "range": set.StockFeatures.Add(new PriceRangeFeature(I(1, 252))); break;
                    case "limits": set.StockFeatures.Add(new LimitHitFeature()); break;
                    case "age": set.StockFeatures.Add(new ListingAgeFeature()); break;
                    case "wavelet":
                        set.StockFeatures.Add(new WaveletFeature(WaveletFilter.ByName(parts.Length > 1 ? parts[1] : "la8"), I(2, 4)));
                        break;
                    case "ffd": set.StockFeatures.Add(new FracDiffFeature(D(1, 0.4), D(2, 1e-4))); break;
                    case "index":
                        set.MarketFeatures.Add(new IndexFeature(parts.Length > 1 ? parts[1] : throw new FormatException("index needs a name")));
                        break;
                    case "breadth": set.MarketFeatures.Add(new BreadthFeature(I(1, 50))); break;
                    case "vix": set.MarketFeatures.Add(new VixFeature()); break;
                    default: throw new FormatException($"unknown group '{parts[0]}'");
                }
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw new ArgumentException($"Bad feature spec '{spec}': {e.Message}", nameof(specs), e);
            }
        }

        return set;
    }
}
