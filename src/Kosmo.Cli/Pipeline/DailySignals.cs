using Kosmo.Core;
using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Boosting;
using Kosmo.Models.Training;
using Kosmo.Tensors;

namespace Kosmo.Cli.Pipeline;

/// <summary>One ranked row of the daily signal list.</summary>
internal sealed record RankedSignal(int Rank, string Code, string Name, string Market, float PDown, float PFlat, float PUp);

/// <summary>
/// The daily signal list a researcher acts on: a trained run's model, applied to one date's universe. The features are
/// recomputed exactly as the run computed them; the model is the walk-forward fold trained strictly before the date
/// (the fold whose test period contains it, or the last fold for later dates), with its best-epoch weights (the
/// lightgbm baseline: the fold's saved booster, best round).
/// </summary>
internal static class DailySignals
{
    /// <exception cref="InvalidOperationException">The date is outside the data, the model is unknown or has no checkpoint.</exception>
    public static (DateOnly Date, int Fold, IReadOnlyList<RankedSignal> Rows) Predict(RunContext ctx, string modelName, DateOnly date, Action<string> status)
    {
        var panel = ctx.Panel;
        var t = panel.IndexAtOrBefore(date);
        if (t < 0)
        {
            throw new InvalidOperationException($"{date:yyyy-MM-dd} is before the first date of the data ({panel.Dates[0]:yyyy-MM-dd}).");
        }

        var day = panel.Dates[t];
        var fold = 0;
        for (var k = 0; k < ctx.Splits.Count; k++)
        {
            var firstTest = ctx.Samples.Start[ctx.Splits[k].Test.Min()];
            if (firstTest <= t)
            {
                fold = k;
            }
        }

        var T = panel.DateCount;
        var members = Enumerable.Range(0, panel.CodeCount).Where(i => ctx.UniverseMask[i * T + t]).Select(i => (t, i)).ToList();
        var runners = ModelCatalog.Create([ctx.Config], ctx.Cube.Names);
        var rows = runners.OfType<LightGbmRunner>().FirstOrDefault(r => r.Name == modelName) is { } trees
            ? Trees(ctx, trees, fold, t, members, status)
            : Window(ctx, runners, modelName, fold, t, members, status);
        // K ≠ 3 classes are listed by their down / up masses (ClassScore.Masses), so P(up) ranks by the bullish mass.
        rows = [.. rows.Select(r => r.P.Length == 3 ? r : (r.Code, ThreeOf(r.P)))];
        var ranked = rows.OrderByDescending(r => r.P[2]).ThenBy(r => panel.Codes[r.Code], StringComparer.Ordinal)
            .Select((r, k) => new RankedSignal(k + 1, panel.Codes[r.Code], panel.Stocks[r.Code].Name, panel.Stocks[r.Code].Market.ToString().ToUpperInvariant(), r.P[0], r.P[1], r.P[2]))
            .ToList();
        return (day, fold, ranked);
    }

    private static float[] ThreeOf(float[] p)
    {
        var (down, up) = ClassScore.Masses(p);
        return [down, Math.Max(0f, 1f - down - up), up];
    }

    /// <summary>The lightgbm baseline: the fold's saved booster on the members' rows (last-day features and their changes).</summary>
    private static List<(int Code, float[] P)> Trees(RunContext ctx, LightGbmRunner runner, int fold, int t, List<(int T, int Code)> members, Action<string> status)
    {
        var file = Path.Combine(FoldExecutor.CellDir(ctx, runner.Name, fold), LightGbmRunner.ModelFile);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"No trained model at {file}: run 'kosmo run' for this run folder first.");
        }

        var lags = LagChangeFeatures.DefaultLags;
        var names = LagChangeFeatures.Names(ctx.Cube.Names, lags);
        var model = LightGbmClassifier.Load(runner.Name, File.ReadAllText(file), names, runner.Options(ctx, FoldExecutor.CellSeed(ctx.Config.Seed, runner.Name, fold)));
        status($"{runner.Name}: fold {fold} model ({ctx.Splits[fold].Name}) on {ctx.Panel.Dates[t]:yyyy-MM-dd}");
        var F = names.Length;
        var x = new float[members.Count * F];
        for (var r = 0; r < members.Count; r++)
        {
            LagChangeFeatures.Fill(ctx.Cube, members[r].Code, t, lags, x.AsSpan(r * F, F));
        }

        var set = new TabularSet(names, x, Enumerable.Repeat(-1, members.Count).ToArray(), new float[members.Count],
            [.. members.Select(_ => ctx.Panel.Dates[t])], [.. members.Select(m => ctx.Panel.Codes[m.Code])]);
        var p = model.PredictProba(set);
        var c = model.Classes;
        return [.. members.Select((m, r) => (m.Code, p.AsSpan(r * c, c).ToArray()))];
    }

    private static List<(int Code, float[] P)> Window(RunContext ctx, IReadOnlyList<IModelRunner> runners, string modelName, int fold, int t, List<(int T, int Code)> members, Action<string> status)
    {
        var runner = runners.OfType<NeuralRunner>().FirstOrDefault(r => r.Name == modelName)
            ?? throw new InvalidOperationException($"'{modelName}' is not a window model or the lightgbm baseline of this run (config model, neural baselines, lightgbm).");
        var checkpoint = Path.Combine(FoldExecutor.CellDir(ctx, modelName, fold), "checkpoint.bin");
        if (!File.Exists(checkpoint))
        {
            throw new InvalidOperationException($"No trained model at {checkpoint}: run 'kosmo run' for this run folder first.");
        }

        var net = runner.Build(ctx, FoldExecutor.CellSeed(ctx.Config.Seed, modelName, fold));
        var tensors = TrainingCheckpoint.Load(checkpoint).Tensors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var p in net.Parameters)
        {
            var source = tensors.GetValueOrDefault("best/" + p.Name) ?? tensors.GetValueOrDefault("param/" + p.Name)
                ?? throw new InvalidOperationException($"{checkpoint} has no weights for parameter '{p.Name}'.");
            source.AsSpan().CopyTo(p.Data);
        }

        status($"{modelName}: fold {fold} model ({ctx.Splits[fold].Name}) on {ctx.Panel.Dates[t]:yyyy-MM-dd}");
        var options = new DatasetOptions(ctx.Config.Features.Lookback, 256, 0.5, false, Shuffle: false, Seed: 0, RequireLabels: false);
        var data = new WindowDataset(ctx.Cube, ctx.Labels, members, null, NeuralRunner.StaticInputsOf(ctx), options);
        var rows = new List<(int Code, float[] P)>();
        using (NoGrad.Scope())
        {
            foreach (var batch in data.Batches(0, data.CreateBatch()))
            {
                using var arena = TensorArena.Scope();
                var probs = Ops.Softmax(net.Forward(batch, training: false, new Random(0))).ToArray();
                for (var r = 0; r < batch.Count; r++)
                {
                    rows.Add((batch.CodeIndex[r], probs.AsSpan(r * net.Classes, net.Classes).ToArray()));
                }
            }
        }

        return rows;
    }
}
