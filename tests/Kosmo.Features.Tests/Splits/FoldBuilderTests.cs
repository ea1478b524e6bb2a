using Kosmo.Features.Splits;

namespace Kosmo.Features.Tests.Splits;

public sealed class FoldBuilderTests
{
    [Fact]
    public void Build_Should_KeepPurgeAndEmbargo_When_ValidationIsCutAndTrainingIsCapped()
    {
        // Given: purged k-fold splits with an embargo (test blocks in the middle, training on both sides), over random
        // sample sets and label horizons (property over 12 cases).
        var rng = new Random(7);
        for (var n = 0; n < 12; n++)
        {
            var samples = SplitTestData.Random(seed: 100 + n, days: 400, maxH: rng.Next(1, 25));
            var embargo = rng.Next(0, 15);
            var splits = PurgedKFold.Create(samples, rng.Next(3, 7), embargo);
            var cap = n % 3 == 0 ? 0 : rng.Next(50, 600);
            for (var k = 0; k < splits.Count; k++)
            {
                // When
                var fold = FoldBuilder.Build(samples, splits[k], k, validationFraction: 0.2, maxTrain: cap, seed: n + k);

                // Then: test untouched; training and validation drawn from the split's purged training set, disjoint;
                // no training label window [t, T1] meets a test period or its embargo, nor the validation block.
                fold.Test.Should().Equal(splits[k].Test);
                fold.Train.Should().BeSubsetOf(splits[k].Train);
                fold.Validation.Should().BeSubsetOf(splits[k].Train);
                fold.Train.Intersect(fold.Validation).Should().BeEmpty();
                SplitTestData.AssertPurged(samples, splits[k] with { Train = fold.Train }, embargo);
                fold.Validation.Should().NotBeEmpty();
                var firstValidation = fold.Validation.Min(j => samples.Start[j]);
                fold.Train.Should().OnlyContain(j => samples.End[j] < firstValidation, "a training label may not reach into the validation block");
                if (cap > 0)
                {
                    fold.Train.Length.Should().BeLessThanOrEqualTo(cap);
                    fold.Validation.Length.Should().BeLessThanOrEqualTo(Math.Max(1000, cap / 4));
                }
            }
        }
    }

    [Fact]
    public void Build_Should_HoldOutTheLatestTrainingDates_When_WalkForward()
    {
        // Given: a yearly walk-forward split (training strictly before the test year).
        var samples = SplitTestData.Random(seed: 3, days: 700);
        var split = WalkForward.Yearly(samples, new WalkForwardOptions(FirstTestYear: 2021))[0];
        var trainDates = split.Train.Select(j => samples.Start[j]).Distinct().Order().ToArray();
        var cut = trainDates[(int)Math.Floor(trainDates.Length * 0.8)];

        // When
        var fold = FoldBuilder.Build(samples, split, 0, validationFraction: 0.2, maxTrain: 0, seed: 1);

        // Then: validation is every training sample from the cut date on; training every sample whose label ended
        // before it; the samples in between (label windows reaching across the cut) are purged from both.
        fold.Validation.Should().Equal(split.Train.Where(j => samples.Start[j] >= cut));
        fold.Train.Should().Equal(split.Train.Where(j => samples.End[j] < cut));
        var purged = split.Train.Length - fold.Train.Length - fold.Validation.Length;
        purged.Should().BeGreaterThan(0, "label windows of up to 20 days cross the cut");
        fold.Name.Should().Be(split.Name);
        fold.Index.Should().Be(0);
    }

    [Fact]
    public void Build_Should_KeepTheWholeTrainingSet_When_NoValidationOrTooFewDates()
    {
        // Given
        var samples = SplitTestData.Random(seed: 4, days: 300);
        var split = PurgedKFold.Create(samples, 3, 5)[1];
        var tiny = split with { Train = split.Train.Where(j => samples.Start[j] < 9).ToArray() };

        // When
        var none = FoldBuilder.Build(samples, split, 1, validationFraction: 0, maxTrain: 0, seed: 1);
        var few = FoldBuilder.Build(samples, tiny, 1, validationFraction: 0.2, maxTrain: 0, seed: 1);

        // Then: no validation block is cut (fewer than 10 training dates, or fraction 0).
        none.Train.Should().Equal(split.Train);
        none.Validation.Should().BeEmpty();
        few.Train.Should().Equal(tiny.Train);
        few.Validation.Should().BeEmpty();
    }

    [Fact]
    public void Build_Should_DrawTheSameCappedSamples_When_TheSeedRepeats()
    {
        // Given
        var samples = SplitTestData.Random(seed: 5, days: 500);
        var split = WalkForward.Yearly(samples, new WalkForwardOptions(FirstTestYear: 2020))[0];

        // When
        var a = FoldBuilder.Build(samples, split, 0, 0.2, maxTrain: 300, seed: 42);
        var b = FoldBuilder.Build(samples, split, 0, 0.2, maxTrain: 300, seed: 42);
        var c = FoldBuilder.Build(samples, split, 0, 0.2, maxTrain: 300, seed: 43);

        // Then: the cap is exact, sorted and reproducible; another seed draws another subset.
        a.Train.Should().HaveCount(300).And.BeInAscendingOrder();
        a.Train.Should().Equal(b.Train);
        a.Validation.Should().Equal(b.Validation);
        c.Train.Should().NotEqual(a.Train);
        a.Seed.Should().Be(42);
    }
}
