using Kosmo.Backtest;
using Kosmo.Backtest.Live;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Synthetic;

namespace Kosmo.Experiment.Live;

/// <summary>One ranked row of the daily list: probabilities, score P(up) − P(down) and the strategy's target weight.</summary>
internal sealed record LiveSignal(int Rank, string Code, string Name, string Market, float PDown, float PFlat, float PUp, double TargetWeight);

/// <summary>A daily prediction: the ranked list, where the model came from, and the orders for the next open.</summary>
internal sealed record LiveResult(DateOnly Date, string Model, ModelOrigin Origin, IReadOnlyList<LiveSignal> Signals, OrderPlan Plan, Panel Panel, IReadOnlyList<string> Warnings)
{
    /// <summary>Wall and CPU seconds of each step (printed by <c>kosmo predict --verbose</c>).</summary>
    public LiveTimings Timings { get; init; } = new();
}

/// <summary>What <c>kosmo predict</c> was asked.</summary>
/// <param name="RunDir">The run folder.</param>
/// <param name="Db">The database (null: the run's synthetic market).</param>
/// <param name="Date">The signal date, null for the latest.</param>
/// <param name="Model">The model name, null for the run's main model.</param>
/// <param name="AccountKrw">Account value (cash + holdings), null for the run's backtest.account_krw.</param>
/// <param name="Holdings">Current positions (code → shares, entry date).</param>
internal sealed record LiveRequest(string RunDir, string? Db, DateOnly? Date, string? Model, long? AccountKrw, IReadOnlyDictionary<string, (long Shares, DateOnly? Entry)> Holdings);

/// <summary>
/// The daily routine behind <c>kosmo predict</c>: the run's saved processors and models (see <see cref="ModelSet"/>,
/// <see cref="RunProcessors"/>), a short data window ending at the signal date (<see cref="LiveData"/>), the members'
/// probabilities (<see cref="LiveModels"/>) and the orders of the run's strategy (<see cref="OrderPlanner"/>).
/// </summary>
internal static class LivePrediction
{
    /// <exception cref="NoDataException">A missing run folder, model, or date.</exception>
    /// <exception cref="FileNotFoundException">A missing database.</exception>
    /// <exception cref="DataValidationException">A saved model or processors file fails its checks, or the holdings are bad.</exception>
    /// <exception cref="UsageException">An unknown model or a config predict cannot serve.</exception>
    public static LiveResult Run(LiveRequest request, Action<string> status)
    {
        var timings = new LiveTimings();
        var configPath = RunLayout.Config(request.RunDir);
        if (!File.Exists(configPath))
        {
            throw new NoDataException($"{configPath} not found: is '{request.RunDir}' a run folder?");
        }

        var config = ExperimentConfig.Load(configPath)[0];
        Kosmo.Tensors.TensorThreads.Count = config.Threads;
        var warnings = new List<string>();
        var set = ModelSet.Current(request.RunDir);
        if (config.Labels.Classes != 3)
        {
            throw new UsageException($"{configPath}: labels.classes {config.Labels.Classes}: kosmo predict serves three-class runs only (down / flat / up)");
        }

        if (set is null && config.Split.IsCrossValidation)
        {
            // A k-fold or CPCV fold trained on dates after its test block: no fold is "the model trained before the date".
            throw new UsageException($"{configPath}: split.scheme {config.Split.Scheme}: every fold trained on data after its test dates; fit a model set first with 'kosmo fit --run {request.RunDir}'");
        }

        var hash = RunProcessors.HashOf(config);
        if (set is not null && set.ConfigHash != hash)
        {
            warnings.Add($"model set {set.Id} was fitted with another config (hash {set.ConfigHash}, config.yaml now {hash}): rerun 'kosmo fit'");
        }

        var db = request.Db ?? (config.Data.Source == "synthetic" ? null : config.Data.Db);
        var processors = Processors(config, request.RunDir, set, db, status);
        timings.Mark("config, processors");
        var window = LiveData.LoadWindow(config.Data, db, request.Date, config.Features.Lookback, status, timings);
        var panel = window.Panel;
        var t = panel.DateCount - 1;
        var day = panel.Dates[t];
        if (request.Date is { } asked && asked != day)
        {
            warnings.Add($"{asked:yyyy-MM-dd} is not a trading day in the data: the last trading day before it, {day:yyyy-MM-dd}, is used");
        }

        var first = db is null ? SyntheticFirstDates(config.Data, processors.PanelFirst) : StoreDates.FirstPricedDates(db, processors.PanelFirst);
        timings.Mark("listing dates");
        var prepared = LiveData.Prepare(config, window, t, processors, first, status, timings);
        var T = panel.DateCount;
        var members = Enumerable.Range(0, panel.CodeCount).Where(i => prepared.UniverseMask[(i * T) + t]).ToList();
        if (members.Count == 0)
        {
            throw new NoDataException($"no universe member on {day:yyyy-MM-dd}: the data of that date is missing or too thin for the run's universe rules");
        }

        var model = request.Model ?? config.Model.Name;
        var (p, origin) = LiveModels.Predict(request.RunDir, prepared, set, model, t, members, status);
        timings.Mark($"model ({model})");
        if (day < origin.TrainedThrough)
        {
            warnings.Add($"in sample: {day:yyyy-MM-dd} is inside the model's training data ({origin.Description}, training labels to {origin.TrainedThrough:yyyy-MM-dd}: the forward return of this date overlaps them); its probabilities are not a forecast");
        }

        var rows = members.Select((code, r) => (Code: code, P: p.AsSpan(r * 3, 3).ToArray())).Where(x => float.IsFinite(x.P[0])).ToList();
        if (rows.Count < members.Count)
        {
            warnings.Add($"{members.Count - rows.Count} of {members.Count} universe members have no complete {config.Features.Lookback}-day window and are left out");
        }

        var plan = Orders(config, prepared, t, rows, request, warnings);
        var signals = rows.OrderByDescending(r => r.P[2]).ThenBy(r => panel.Codes[r.Code], StringComparer.Ordinal)
            .Select((r, k) => new LiveSignal(k + 1, panel.Codes[r.Code], panel.Stocks[r.Code].Name, panel.Stocks[r.Code].Market.ToString().ToUpperInvariant(), r.P[0], r.P[1], r.P[2], plan.Targets[r.Code]))
            .ToList();
        timings.Mark("target weights, orders");
        return new LiveResult(day, model, origin, signals, plan, panel, warnings) { Timings = timings };
    }

    /// <summary>The processors the models' features need: the model set's, else the run folder's, else computed once from the run's own data and saved.</summary>
    private static RunProcessors Processors(ExperimentConfig config, string runDir, ModelSet? set, string? db, Action<string> status)
    {
        var own = set is null ? null : RunLayout.Processors(set.Dir);
        if (own is not null && File.Exists(own))
        {
            return RunProcessors.Read(own);
        }

        var saved = RunLayout.Processors(runDir);
        if (File.Exists(saved))
        {
            return RunProcessors.Read(saved);
        }

        status($"{saved} is missing (a run from before it was written): fitting the run's market scaling (and regime model) once on its own data range to recover it");
        var data = db is null ? config.Data : config.Data with { Source = "db", Db = db };
        var processors = RunProcessors.Of(PrepareStep.Run(config, PanelSource.Load(data, status), status, processorsOnly: true));
        processors.Write(saved);
        status($"wrote {saved}");
        return processors;
    }

    private static Dictionary<string, DateOnly> SyntheticFirstDates(DataConfig data, DateOnly from)
    {
        var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = data.SyntheticStocks, Years = data.SyntheticYears, Seed = data.SyntheticSeed });
        return market.Bars.Where(b => b.Date >= from && b.Close > 0).GroupBy(b => b.Code).ToDictionary(g => g.Key, g => g.Min(b => b.Date), StringComparer.Ordinal);
    }

    private static OrderPlan Orders(ExperimentConfig config, Prepared prepared, int t, List<(int Code, float[] P)> rows, LiveRequest request, List<string> warnings)
    {
        var panel = prepared.Panel;
        var (T, N) = (panel.DateCount, panel.CodeCount);
        var up = new float[T * N];
        var down = new float[T * N];
        Array.Fill(up, float.NaN);
        Array.Fill(down, float.NaN);
        foreach (var (code, p) in rows)
        {
            up[(t * N) + code] = p[2];
            down[(t * N) + code] = p[0];
        }

        var b = config.Backtest;
        if (b.SmoothingSpan > 1)
        {
            warnings.Add($"backtest.smoothing_span {b.SmoothingSpan}: the run's strategy trades smoothed signals, a single day has no history to smooth: the raw signals are used");
        }

        if (b.Strategy == "overlapping")
        {
            warnings.Add("backtest.strategy overlapping keeps tranches from earlier rebalances that one day cannot rebuild: the targets are today's tranche only");
        }

        var holdings = new Dictionary<int, long>();
        var entries = new Dictionary<int, int>();
        foreach (var (code, (shares, entry)) in request.Holdings)
        {
            var i = panel.IndexOfCode(code);
            if (i < 0)
            {
                throw new DataValidationException("holdings", 0, "code", $"{code} is not in the data of {panel.Dates[t]:yyyy-MM-dd} (markets {string.Join(",", config.Data.Markets)})");
            }

            holdings[i] = shares;
            if (entry is { } e)
            {
                entries[i] = Math.Max(0, panel.IndexAtOrBefore(e));
            }
        }

        var options = b.Options(prepared.UniverseMask, t, t);
        var account = request.AccountKrw ?? (long)b.AccountKrw;
        try
        {
            return OrderPlanner.Plan(panel, t, new SignalMatrix(panel, up, down), b.CreateStrategy(config.Model.Name), options, account, holdings, entries);
        }
        catch (ArgumentException e)
        {
            throw new DataValidationException("holdings", 0, "shares", e.Message);
        }
    }
}
