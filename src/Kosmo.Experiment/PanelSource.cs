using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Store;
using Kosmo.Data.Synthetic;

namespace Kosmo.Experiment;

/// <summary>Produces the experiment's panel from the embedded synthetic market, the KRX folder (imported first) or a database.</summary>
internal static class PanelSource
{
    /// <summary>Loads the panel the config asks for.</summary>
    /// <exception cref="DataValidationException">A data file fails validation.</exception>
    /// <exception cref="FileNotFoundException">The database or data folder is missing.</exception>
    public static Panel Load(DataConfig data, Action<string> status)
    {
        switch (data.Source)
        {
            case "synthetic":
                status($"generating the synthetic KRX-like market ({data.SyntheticStocks} stocks, {data.SyntheticYears} years, seed {data.SyntheticSeed})");
                var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = data.SyntheticStocks, Years = data.SyntheticYears, Seed = data.SyntheticSeed });
                return FillAdjustedClose(Clip(market.ToPanel(), data));
            case "krx":
                if (!Directory.Exists(data.Dir))
                {
                    throw new FileNotFoundException($"KRX data folder '{data.Dir}' not found (set data.dir or use data.source: synthetic).", data.Dir);
                }

                using (var store = KosmoStore.Open(data.Db))
                {
                    var files = KosmoStore.ExpandPaths([data.Dir]);
                    status($"importing {files.Count} files from {data.Dir} into {data.Db} (files already imported are skipped)");
                    store.ImportAll(files, s => status($"  {Path.GetFileName(s.Path)}: {(s.AlreadyImported ? "already imported" : $"{s.Rows:N0} rows")}"));
                }

                return FromDb(data, status);
            default:
                if (!File.Exists(data.Db))
                {
                    throw new FileNotFoundException($"Database '{data.Db}' not found; run 'kosmo data import' first.", data.Db);
                }

                return FromDb(data, status);
        }
    }

    private static Panel FromDb(DataConfig data, Action<string> status)
    {
        status($"loading the point-in-time panel from {data.Db}");
        var options = new PanelLoadOptions
        {
            From = data.From,
            To = data.To,
            Markets = data.Markets.Select(PanelLoader.ParseMarket).ToHashSet(),
        };

        var (panel, report) = new PanelLoader(data.Db).Load(options);
        status($"  {report.DateCount:N0} dates x {report.CodeCount:N0} codes; {report.RowsRead.Values.Sum():N0} rows read");
        return panel;
    }

    /// <summary>
    /// The synthetic market is a raw source (like marcap): derive the split-consistent adjusted close from the
    /// reported change ratio exactly as the database loader does for raw sources (<see cref="SyntheticPanel.WithAdjustedClose"/>).
    /// </summary>
    internal static Panel FillAdjustedClose(Panel panel) => SyntheticPanel.WithAdjustedClose(panel);

    private static Panel Clip(Panel panel, DataConfig data) =>
        data.From is null && data.To is null ? panel : throw new DataValidationException("config", 0, "data.from", "data.from/data.to apply to krx and db sources; the synthetic market is generated for data.synthetic_years");
}
