using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Synthetic;
using Kosmo.Data.Universe;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Statics;
using Kosmo.Features.Technical;

namespace Kosmo.Experiment.Live;

/// <summary>
/// The data of one daily prediction: a short point-in-time panel ending at the signal date (<see cref="HistoryDays"/>
/// trading days before the model's window, enough for every feature of the default set: fractional differencing reads
/// 282 traded prices, the 52-week range 252 days, and the exponential averages (MACD, RSI) have forgotten their start
/// to below 1e-9), and the prepared record of it: the universe by the run's rules, the statics, and the feature rows of that
/// date's universe members built with the run's saved processors (market scaling; <c>years_listed</c> counted from the
/// run's panel start; the regime probabilities with the run's fitted HMM, whose filter forgets its start within the
/// window). Per-stock columns are scaled across all stocks of the day exactly as in the run.
/// </summary>
internal static class LiveData
{
    /// <summary>Trading days of history loaded before the first date of the models' window.</summary>
    public const int HistoryDays = 420;

    /// <summary>Calendar days that cover <paramref name="tradingDays"/> KRX trading days (about 245 a year), with slack.</summary>
    public static int CalendarDays(int tradingDays) => (tradingDays * 366 / 240) + 15;

    /// <summary>
    /// Loads the window ending at <paramref name="date"/> (null = the database's last stock date): every code over the
    /// market's last <see cref="HistoryDays"/> + L trading days and, when a recently traded stock holds fewer of its own
    /// traded days there (a halt), the longer panel back to that stock's own (<see cref="HistoryDays"/> + L)-th last
    /// traded day for its features (see <see cref="LiveWindow"/>).
    /// </summary>
    /// <param name="data">The run's data section (markets; the synthetic market's settings).</param>
    /// <param name="db">The database to read (null: the run's synthetic market).</param>
    /// <param name="date">The signal date or null for the latest.</param>
    /// <param name="lookback">The models' window L.</param>
    /// <param name="status">Progress lines.</param>
    /// <param name="timings">The steps' clock, or null.</param>
    /// <exception cref="FileNotFoundException">The database is missing.</exception>
    /// <exception cref="NoDataException">No trading date on or before the date, or the date is after the data.</exception>
    public static LiveWindow LoadWindow(DataConfig data, string? db, DateOnly? date, int lookback, Action<string> status, LiveTimings? timings = null)
    {
        var days = CalendarDays(HistoryDays + lookback);
        if (db is null)
        {
            var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = data.SyntheticStocks, Years = data.SyntheticYears, Seed = data.SyntheticSeed });
            var last = date ?? market.Calendar[^1];
            if (last > market.Calendar[^1])
            {
                throw new NoDataException($"no data for {last:yyyy-MM-dd}: the synthetic market ends {market.Calendar[^1]:yyyy-MM-dd}");
            }

            var from = last.AddDays(-days);
            var builder = new PanelBuilder();
            foreach (var s in market.Stocks)
            {
                builder.AddStock(s);
            }

            builder.AddRange(market.Bars.Where(b => b.Date >= from && b.Date <= last));
            builder.AddIndex(market.IndexBars.Where(b => b.Date >= from && b.Date <= last));
            status($"synthetic market window {from:yyyy-MM-dd}..{last:yyyy-MM-dd}");
            return new LiveWindow(Check(PanelSource.FillAdjustedClose(builder.Build(isSynthetic: true, description: "synthetic KRX-like market window; not real data")), date), null, []);
        }

        if (!File.Exists(db))
        {
            throw new FileNotFoundException($"database '{db}' not found (pass --db or run 'kosmo data import' first)", db);
        }

        var end = StoreDates.LastStockDate(db);
        if (date is { } d && d > end)
        {
            throw new NoDataException($"no data for {d:yyyy-MM-dd}: {db} ends {end:yyyy-MM-dd} (import newer files with 'kosmo data import')");
        }

        var to = date ?? end;
        var calendarStart = to.AddDays(-days);
        var needs = TradedHistory.Needs(db, to, HistoryDays + lookback, calendarStart, data.From);
        timings?.Mark("history reach (halts)");
        var start = needs.Count == 0 ? calendarStart : needs.Values.Min();
        if (needs.Count > 0)
        {
            var named = string.Join(", ", needs.OrderBy(p => p.Value).Take(5).Select(p => $"{p.Key} from {p.Value:yyyy-MM-dd}"));
            status($"history reaches back to {start:yyyy-MM-dd} for {needs.Count} stock(s) with fewer than {HistoryDays + lookback} traded days in the calendar window (a halt): {named}{(needs.Count > 5 ? ", ..." : "")}; their features (and the market columns) use it, the other stocks the window from {calendarStart:yyyy-MM-dd}");
        }

        status($"loading {start:yyyy-MM-dd}..{to:yyyy-MM-dd} from {db} ({HistoryDays} + {lookback} trading days of history)");
        var (panel, report) = new PanelLoader(db).Load(new PanelLoadOptions { From = start, To = to, Markets = data.Markets.Select(PanelLoader.ParseMarket).ToHashSet() });
        status($"  {report.DateCount:N0} dates x {report.CodeCount:N0} codes; {report.RowsRead.Values.Sum():N0} rows read");
        Check(panel, date);
        var cut = Array.FindIndex(panel.Dates, x => x >= calendarStart);
        var window = needs.Count == 0 || cut <= 0 ? new LiveWindow(panel, null, []) : new LiveWindow(LiveWindow.Slice(panel, cut), panel, [.. needs.Keys]);
        timings?.Mark("panel load");
        return window;
    }

    private static Panel Check(Panel panel, DateOnly? date)
    {
        if (panel.DateCount == 0)
        {
            throw new NoDataException($"no trading date in the window before {date:yyyy-MM-dd}");
        }

        return panel;
    }

    /// <summary>
    /// The prepared record of the window: universe (the run's rules), statics, labels (for the window datasets; none is
    /// complete at the signal date) and a sparse cube holding the L-day windows of the members at <paramref name="t"/>
    /// (no samples, weights or splits: nothing is trained on it).
    /// </summary>
    /// <exception cref="DataValidationException">The window has fewer dates than the model's lookback, or the run's features differ.</exception>
    public static Prepared Prepare(ExperimentConfig config, LiveWindow window, int t, RunProcessors processors, IReadOnlyDictionary<string, DateOnly>? firstDates, Action<string> status, LiveTimings? timings = null)
    {
        var panel = window.Panel;
        var L = config.Features.Lookback;
        if (t + 1 < L)
        {
            throw new DataValidationException("database", 0, "history", $"only {t + 1} trading days up to {panel.Dates[t]:yyyy-MM-dd} in the data; the models need {L} (and the features {HistoryDays} more)");
        }

        var universe = UniverseBuilder.Build(panel, PrepareStep.UniverseRulesOf(config.Universe, config.Data));
        var mask = universe.Members();
        timings?.Mark("universe");
        var labels = PrepareStep.LabelMethod(config.Labels, mask).Compute(panel);
        timings?.Mark("labels");
        var statics = StaticAttributes.Build(panel);
        timings?.Mark("statics");

        var set = config.Features.Set is ["default"] ? PrepareStep.DefaultSet(config.Features) : FeatureSet.Parse([.. config.Features.Set]);
        if (firstDates is not null)
        {
            var k = set.StockFeatures.FindIndex(f => f is ListingAgeFeature);
            if (k >= 0)
            {
                set.StockFeatures[k] = new ListingAgeFeature(firstDates);
            }
        }

        var regimeNames = new HashSet<string>(StringComparer.Ordinal);
        if (config.Features.Regimes)
        {
            var model = processors.Regime ?? throw new DataValidationException(RunProcessors.FileName, 0, "regime_model", "features.regimes is on but the saved processors hold no regime model");
            var regime = new RegimeProbabilityFeature(model);
            set.MarketFeatures.Add(regime);
            regimeNames.UnionWith(regime.Names);
        }

        var names = new FeaturePipeline(set).Names;
        if (!names.SequenceEqual(processors.FeatureNames, StringComparer.Ordinal))
        {
            throw new DataValidationException(RunProcessors.FileName, 0, "features", "the config's feature columns differ from the run's saved processors: " + string.Join(",", names));
        }

        var T = panel.DateCount;
        var members = new bool[panel.CodeCount * T];
        for (var i = 0; i < panel.CodeCount; i++)
        {
            members[(i * T) + t] = mask[(i * T) + t];
        }

        var stored = SparseFeatureBuilder.WindowRows(members, T, L);
        var crossSection = config.Features.CrossSection switch
        {
            "zscore" => SparseFeatureBuilder.CrossSection.ZScore,
            "rank" => SparseFeatureBuilder.CrossSection.Rank,
            _ => SparseFeatureBuilder.CrossSection.None,
        };
        status($"features: {names.Length} columns for {members.Count(m => m):N0} universe members (the run's market scaling, fitted {processors.FitFirst:yyyy-MM-dd}..{processors.FitLast:yyyy-MM-dd})");
        var cube = SparseFeatureBuilder.Build(panel, set, stored, crossSection, new(processors.FitFirst, processors.FitLast), regimeNames, config.Threads, out var scaling, processors.Scaling, window.History);
        timings?.Mark("features");
        return new Prepared
        {
            Config = config,
            Panel = panel,
            Universe = universe,
            UniverseMask = mask,
            Cube = cube,
            Labels = labels,
            Statics = statics,
            MarketScaler = scaling,
        };
    }
}
