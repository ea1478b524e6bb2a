using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Features.Regimes;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// Leakage checks of purged k-fold and CPCV as <c>kosmo run</c> prepares them (the small synthetic market, labels with a
/// 10-day horizon, a 7-day embargo, market columns and regime probabilities in the cube): purging, the embargo, and
/// per-fold fits that read no test date.
/// </summary>
public sealed class SchemeLeakageTests
{
    private const int Embargo = 7;

    internal static string Yaml(string split) => SmallMarket.Config("leakage", seed: 3, threads: 2,
        SmallMarket.Section("features", "set: [returns:1:5:20, vol:20, index:KOSDAQ, index:KOSPI, vix]", "lookback: 12", "regimes: true", "regime_states: 2"),
        SmallMarket.Labels(),
        $"split:\n{split}\n  embargo_days: {Embargo}");

    public static TheoryData<string, int> Schemes => new()
    {
        { "  scheme: purged_kfold\n  folds: 5", 5 },
        { "  scheme: cpcv\n  folds: 5\n  test_groups: 2", 10 },
    };

    private static Prepared Prepare(string split)
    {
        var config = ExperimentConfig.Parse(Yaml(split), "leakage.yaml").Single();
        return PrepareStep.Run(config, PanelSource.Load(config.Data, _ => { }), _ => { });
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Prepare_Should_PurgeAndEmbargoEveryTrainingSample_When_TheSchemeIsCrossValidation(string split, int splits)
    {
        // Given the prepared run of a purged k-fold or CPCV config
        var ctx = Prepare(split);
        var s = ctx.Samples;

        // Then it has the scheme's number of splits, and every sample is tested by the expected number of them
        ctx.Splits.Should().HaveCount(splits);
        var tested = new int[s.Count];
        foreach (var sp in ctx.Splits)
        {
            foreach (var j in sp.Test)
            {
                tested[j]++;
            }
        }

        tested.Should().OnlyContain(n => n == (splits == 5 ? 1 : 4), "k-fold tests each sample once; CPCV(5, 2) in C(4, 1) = 4 splits");

        foreach (var sp in ctx.Splits)
        {
            // And no training sample is a test sample, overlaps a test period with its label window, or starts in the embargo after one
            var periods = FitDates.Periods(s, sp);
            sp.Train.Intersect(sp.Test).Should().BeEmpty();
            foreach (var j in sp.Train)
            {
                foreach (var (first, last) in periods)
                {
                    (s.Start[j] <= last && s.End[j] >= first).Should().BeFalse($"{sp.Name}: training sample {j} [{s.Start[j]}, {s.End[j]}] overlaps test period [{first}, {last}]");
                    (s.Start[j] > last && s.Start[j] <= last + Embargo).Should().BeFalse($"{sp.Name}: training sample {j} starts in the embargo after {last}");
                }
            }

            // And purging is tight: every non-test sample left out of training did overlap a test period or start in an embargo
            var train = sp.Train.ToHashSet();
            var test = sp.Test.ToHashSet();
            for (var j = 0; j < s.Count; j++)
            {
                if (!train.Contains(j) && !test.Contains(j))
                {
                    periods.Should().Contain(p => (s.Start[j] <= p.Last && s.End[j] >= p.First) || (s.Start[j] > p.Last && s.Start[j] <= p.Last + Embargo));
                }
            }

            // And under k-fold a fold trains on both sides of its test block except at the ends (the reason for per-fold fits)
            sp.Purged.Should().BeGreaterThan(0);
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Activate_Should_FitTheMarketColumnsAndRegimesOnTrainingDatesOnly_When_TheSchemeIsCrossValidation(string split, int splits)
    {
        // Given the prepared run (the cube holds fold 0's market columns)
        var ctx = Prepare(split);
        var features = ctx.FoldFeatures!;
        features.Active.Should().Be(0);
        var observations = RegimeObservations.Build(ctx.Panel);
        var kosdaq = ctx.Cube.IndexOf("kosdaq_ret_1d");
        kosdaq.Should().BeGreaterThanOrEqualTo(0);

        for (var f = 0; f < splits; f++)
        {
            // When each fold is activated
            features.Activate(f, _ => { });
            var fit = features.Fits[f];
            var sp = ctx.Splits[f];

            // Then its fit read no date of a test period or its embargo, and every other date
            foreach (var (first, last) in FitDates.Periods(ctx.Samples, sp))
            {
                for (var t = first; t <= Math.Min(fit.Dates.Length - 1, last + Embargo); t++)
                {
                    fit.Dates[t].Should().BeFalse($"{sp.Name}: date {t} is in a test period or its embargo");
                }
            }

            var excluded = FitDates.Periods(ctx.Samples, sp).SelectMany(p => Enumerable.Range(p.First, Math.Min(fit.Dates.Length - 1, p.Last + Embargo) - p.First + 1)).ToHashSet();
            fit.Dates.Count(d => d).Should().Be(fit.Dates.Length - excluded.Count);

            // And the regime model is the fit of the training dates' observations alone: replacing every excluded
            // date's observation by garbage gives the same model
            var garbled = observations.Select((row, t) => fit.Dates[t] ? row : row.Select(_ => 1e6).ToArray()).ToArray();
            var rows = Enumerable.Range(0, garbled.Length).Where(t => fit.Dates[t]).Select(t => garbled[t]).ToList();
            rows.Should().HaveCount(fit.Regime!.TrainRows);
            for (var d = 0; d < fit.Regime.Inputs.Count; d++)
            {
                var c = RegimeObservations.AllNames.ToList().IndexOf(fit.Regime.Inputs[d]);
                fit.Regime.Mean[d].Should().BeApproximately(rows.Select(r => r[c]).Where(double.IsFinite).Average(), 1e-9);
            }

            // And the cube's market column holds (raw − mean) / std of this fold's statistics, a fit that a change at an excluded date cannot move
            var raw = Enumerable.Range(0, ctx.Panel.DateCount).Select(t => (float)observations[t][0]).ToArray();
            var (mean, std) = FoldFeatures.FitColumn(raw, fit.Dates);
            var perturbed = raw.Select((v, t) => fit.Dates[t] ? v : v * 50 + 3).ToArray();
            FoldFeatures.FitColumn(perturbed, fit.Dates).Should().Be((mean, std));
            var j = sp.Train[sp.Train.Length / 2];
            var (i, td) = (ctx.Samples.Code[j], ctx.Samples.Start[j]);
            if (float.IsFinite(raw[td]))
            {
                ctx.Cube.Get(i, td, kosdaq).Should().Be((float)((raw[td] - mean) / std));
            }
        }

        // And the folds' fits differ (each fold has its own training dates)
        features.Fits[0].Statistics[0].Should().NotBe(features.Fits[1].Statistics[0]);
    }
}
