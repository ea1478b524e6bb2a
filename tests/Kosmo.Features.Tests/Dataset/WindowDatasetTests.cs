using Kosmo.Features.Statics;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;
using Kosmo.Features.Splits;
using Kosmo.Features.Tests.Labels;
using Kosmo.Features.Weights;

namespace Kosmo.Features.Tests.Dataset;

public sealed class WindowDatasetTests
{
    private sealed record Fixture(Kosmo.Core.Panel Panel, FeatureCube Cube, LabelSet Labels, LabeledSamples Samples);

    /// <summary>A realistic panel, 10-day labels and a 3-feature cube (log return, range, log volume) with NaN where the stock does not trade.</summary>
    private static Fixture Build()
    {
        var panel = TestPanels.Gbm(seed: 8, stocks: 6, days: 220);
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 10)).Compute(panel);
        var cube = new FeatureCube(panel.Dates, panel.Codes, ["ret", "range", "logvol"]);
        for (var i = 0; i < panel.CodeCount; i++)
        {
            for (var t = 1; t < panel.DateCount; t++)
            {
                if (!panel.IsTrading(i, t))
                {
                    continue;
                }

                var c = panel.Get(Kosmo.Core.PanelField.Close, i, t);
                cube.Set(i, t, 0, MathF.Log(c / panel.Get(Kosmo.Core.PanelField.Close, i, t - 1)));
                cube.Set(i, t, 1, (panel.Get(Kosmo.Core.PanelField.High, i, t) - panel.Get(Kosmo.Core.PanelField.Low, i, t)) / c);
                cube.Set(i, t, 2, MathF.Log(panel.Get(Kosmo.Core.PanelField.Volume, i, t)));
            }
        }

        return new Fixture(panel, cube, labels, LabeledSamples.FromLabels(labels));
    }

    [Fact]
    public void Fill_Should_GiveTheStaticsOfTheSamplesDate_When_ACategoryChangesOnADate()
    {
        // Given statics whose column 0 of code 2 changes from 2 to 1 on date 60 (a KOSDAQ -> KOSPI move)
        var f = Build();
        var plain = new StaticInputs(6, [0, 1, 1, 0, 2, 1, 0, 0, 1, 2, 2, 2], 2, [], 0);
        var statics = plain.WithDatedCategory(0, [new DatedCategory(2, 60, 1)]);
        var all = f.Samples.Select(Enumerable.Range(0, f.Samples.Count).ToArray());
        var ds = new WindowDataset(f.Cube, f.Labels, all, null, statics, new DatasetOptions(Lookback: 20, BatchSize: 64, MissingMask: false, Seed: 4));

        // When every batch of an epoch is drawn
        var seen = new HashSet<int>();
        foreach (var batch in ds.Batches(0))
        {
            for (var b = 0; b < batch.Count; b++)
            {
                var (t, i) = (batch.DateIndex[b], batch.CodeIndex[b]);
                var expected = i == 2 ? (t < 60 ? 2 : 1) : plain.Categorical[i * 2];

                // Then each row carries the category of its own date; the other column and the other codes are untouched
                batch.Categorical[b * 2].Should().Be(expected);
                batch.Categorical[b * 2 + 1].Should().Be(plain.Categorical[i * 2 + 1]);
                if (i == 2)
                {
                    seen.Add(t < 60 ? 0 : 1);
                }
            }
        }

        seen.Should().Contain(0, "code 2 is drawn before the change").And.Contain(1, "and after it");
        plain.WithDatedCategory(0, []).Should().BeSameAs(plain);
    }

    [Fact]
    public void Fill_Should_CopyTheCubeWindowEndingAtT_When_DrawingABatch()
    {
        // Given
        var f = Build();
        var statics = new StaticInputs(6, [0, 1, 1, 0, 2, 1, 0, 0, 1, 2, 2, 2], 2, [0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f], 1);
        var weights = LabelWeights.Compute(f.Labels, f.Panel).Combined;
        var all = f.Samples.Select(Enumerable.Range(0, f.Samples.Count).ToArray());
        var ds = new WindowDataset(f.Cube, f.Labels, all, weights, statics, new DatasetOptions(Lookback: 20, BatchSize: 32, MissingMask: true, Seed: 4));

        // When
        var batch = ds.CreateBatch();
        var order = ds.EpochOrder(0);
        var count = ds.Fill(order, 1, batch);

        // Then: each row is the cube's (L, K) block ending at t, NaN → 0 with mask 1, and carries its label, weight and statics.
        count.Should().Be(32);
        for (var b = 0; b < count; b++)
        {
            var (t, i) = (batch.DateIndex[b], batch.CodeIndex[b]);
            ds.Sample(order[32 + b]).Should().Be((t, i));
            for (var l = 0; l < 20; l++)
            {
                for (var k = 0; k < 3; k++)
                {
                    var v = f.Cube.Get(i, t - 19 + l, k);
                    var at = (b * 20 + l) * 3 + k;
                    batch.X[at].Should().Be(float.IsNaN(v) ? 0f : v);
                    batch.Mask![at].Should().Be(float.IsNaN(v) ? 1f : 0f);
                }
            }

            batch.Labels[b].Should().Be(f.Labels.Label[f.Labels.Index(i, t)]);
            batch.Weights[b].Should().Be(weights[f.Labels.Index(i, t)]);
            batch.Categorical[(b * 2)..(b * 2 + 2)].Should().Equal(statics.Categorical[(i * 2)..(i * 2 + 2)]);
            batch.Reals[b].Should().Be(statics.Reals[i]);
        }
    }

    [Fact]
    public void EpochOrder_Should_BeDeterministicPerSeedAndEpoch_When_Shuffling()
    {
        // Given
        var f = Build();
        var all = f.Samples.Select(Enumerable.Range(0, f.Samples.Count).ToArray());
        var a = new WindowDataset(f.Cube, f.Labels, all, null, null, new DatasetOptions(Lookback: 10, BatchSize: 50, Seed: 1));
        var b = new WindowDataset(f.Cube, f.Labels, all, null, null, new DatasetOptions(Lookback: 10, BatchSize: 50, Seed: 1));
        var c = new WindowDataset(f.Cube, f.Labels, all, null, null, new DatasetOptions(Lookback: 10, BatchSize: 50, Seed: 2));

        // Then: same seed and epoch → same order; another epoch or seed → another order; always a permutation.
        a.EpochOrder(3).Should().Equal(b.EpochOrder(3));
        a.EpochOrder(3).Should().NotEqual(a.EpochOrder(4));
        a.EpochOrder(3).Should().NotEqual(c.EpochOrder(3));
        a.EpochOrder(3).Order().Should().Equal(Enumerable.Range(0, a.Count));

        // And an epoch of batches visits every kept sample once.
        var seen = new List<(int, int)>();
        foreach (var batch in a.Batches(epoch: 3))
        {
            for (var r = 0; r < batch.Count; r++)
            {
                seen.Add((batch.DateIndex[r], batch.CodeIndex[r]));
            }
        }

        seen.Should().HaveCount(a.Count).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Constructor_Should_ExcludeUnlabelledShortAndTooNanSamples_When_Filtering()
    {
        // Given: every cell of the panel as a candidate, lookback 30, at most 10% NaN.
        var f = Build();
        var cells = new List<(int T, int Code)>();
        for (var i = 0; i < f.Panel.CodeCount; i++)
        {
            for (var t = 0; t < f.Panel.DateCount; t++)
            {
                cells.Add((t, i));
            }
        }

        // When
        var ds = new WindowDataset(f.Cube, f.Labels, cells, null, null, new DatasetOptions(Lookback: 30, BatchSize: 64, MaxMissingFraction: 0.1));

        // Then
        ds.Excluded["no_label"].Should().Be(cells.Count - f.Samples.Count);
        ds.Excluded["lookback"].Should().BeGreaterThan(0);
        ds.Excluded["too_nan"].Should().BeGreaterThan(0);
        (ds.Count + ds.Excluded.Values.Sum()).Should().Be(cells.Count);
        for (var j = 0; j < ds.Count; j++)
        {
            var (t, i) = ds.Sample(j);
            f.Labels.HasLabel(i, t).Should().BeTrue();
            t.Should().BeGreaterThanOrEqualTo(29);
            var window = f.Cube.Window(i, t, 30).ToArray();
            window.Count(float.IsNaN).Should().BeLessThanOrEqualTo(9);
        }
    }
}
