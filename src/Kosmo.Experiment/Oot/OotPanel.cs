using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Synthetic;

namespace Kosmo.Experiment.Oot;

/// <summary>
/// The second point-in-time panel of the out-of-time test: the same source, markets and loader as the main run, for
/// [<see cref="OotConfig.PanelFrom"/>, <see cref="OotConfig.TestTo"/>]. A database source is read through the same
/// <see cref="PanelSource"/> (source precedence and price splicing of Kosmo.Data apply: on the real database marcap
/// (raw, with market caps) wins its Jan–Feb windows, pykrx the rest, FDR fills KOSPI gaps). The synthetic market is
/// generated exactly as for the main run and cut to the window.
/// </summary>
internal static class OotPanel
{
    /// <exception cref="DataValidationException">The window holds no trading date.</exception>
    /// <exception cref="FileNotFoundException">The database is missing.</exception>
    public static Panel Load(DataConfig data, OotConfig oot, Action<string> status)
    {
        var from = oot.PanelFrom;
        var to = oot.TestTo;
        Panel panel;
        if (data.Source == "synthetic")
        {
            status($"out-of-time panel: the synthetic market cut to {from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
            var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = data.SyntheticStocks, Years = data.SyntheticYears, Seed = data.SyntheticSeed });
            var builder = new PanelBuilder();
            foreach (var s in market.Stocks)
            {
                builder.AddStock(s);
            }

            builder.AddRange(market.Bars.Where(b => b.Date >= from && b.Date <= to));
            builder.AddIndex(market.IndexBars.Where(b => b.Date >= from && b.Date <= to));
            panel = PanelSource.FillAdjustedClose(builder.Build(isSynthetic: true,
                description: $"synthetic KRX-like market (seed {data.SyntheticSeed}, {data.SyntheticStocks} stocks), window {from:yyyy-MM-dd}..{to:yyyy-MM-dd}; not real data"));
        }
        else
        {
            status($"out-of-time panel: {from:yyyy-MM-dd}..{to:yyyy-MM-dd} from {data.Db}");
            panel = PanelSource.Load(data with { Source = "db", From = from, To = to }, status);
        }

        if (panel.DateCount == 0 || panel.Dates[^1] < oot.TestFrom)
        {
            throw new DataValidationException("config", 0, "oot.test_from", $"oot.test_from: the data holds no trading date in {oot.TestFrom:yyyy-MM-dd}..{to:yyyy-MM-dd}");
        }

        return panel;
    }
}
