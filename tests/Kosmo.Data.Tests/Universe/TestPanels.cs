using Kosmo.Core;

namespace Kosmo.Data.Tests.Universe;

/// <summary>Hand-made panels for universe rule tests: every code trades every day unless a test changes a cell.</summary>
internal static class TestPanels
{
    public static readonly DateOnly Start = new(2024, 1, 2);

    /// <summary>A T-day panel; each stock gets close 5,000, volume 200,000 (value 1 bn KRW) and the given market cap.</summary>
    public static Kosmo.Core.Panel Make(int days, params (string Code, string Name, Market Market, string Dept, double Cap)[] stocks)
    {
        var dates = Enumerable.Range(0, days).Select(d => Start.AddDays(d)).ToArray();
        var infos = stocks.Select(s => new StockInfo(s.Code, s.Name, s.Market, s.Dept, dates[0], dates[^1])).ToArray();
        var panel = new Kosmo.Core.Panel(dates, infos);
        for (var i = 0; i < stocks.Length; i++)
        {
            for (var t = 0; t < days; t++)
            {
                Set(panel, i, t, close: 5000, volume: 200_000, cap: stocks[i].Cap);
            }
        }

        return panel;
    }

    /// <summary>Sets one cell: close (also AdjClose, O/H/L), volume, value = close × volume unless given, cap.</summary>
    public static void Set(Kosmo.Core.Panel panel, int i, int t, double close, double volume, double cap, double? value = null)
    {
        foreach (var f in new[] { PanelField.Open, PanelField.High, PanelField.Low, PanelField.Close, PanelField.AdjClose })
        {
            panel.Set(f, i, t, (float)close);
        }

        panel.Set(PanelField.Volume, i, t, (float)volume);
        panel.Set(PanelField.Value, i, t, (float)(value ?? close * volume));
        panel.Set(PanelField.MarketCap, i, t, (float)cap);
    }

    /// <summary>Makes a cell "not listed": every field NaN.</summary>
    public static void Clear(Kosmo.Core.Panel panel, int i, int t)
    {
        foreach (var f in Enum.GetValues<PanelField>())
        {
            panel.Set(f, i, t, float.NaN);
        }
    }
}
