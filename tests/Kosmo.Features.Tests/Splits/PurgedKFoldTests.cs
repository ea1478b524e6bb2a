using Kosmo.Features.Splits;
using Kosmo.Features.Tests.Labels;

namespace Kosmo.Features.Tests.Splits;

public sealed class PurgedKFoldTests
{
    [Fact]
    public void Create_Should_NeverLetTrainWindowsTouchTest_When_RandomSamplesAndParameters()
    {
        // Given: random sample sets, fold counts and embargoes (property over 25 cases).
        var rng = new Random(99);
        for (var n = 0; n < 25; n++)
        {
            var samples = SplitTestData.Random(seed: n, days: 300, maxH: rng.Next(1, 25));
            var folds = rng.Next(2, 9);
            var embargo = rng.Next(0, 15);

            // When
            var splits = PurgedKFold.Create(samples, folds, embargo);

            // Then: every sample is tested exactly once, and each split obeys purging and embargo.
            splits.SelectMany(s => s.Test).Order().Should().Equal(Enumerable.Range(0, samples.Count));
            foreach (var split in splits)
            {
                SplitTestData.AssertPurged(samples, split, embargo);
                (split.Train.Length + split.Test.Length + split.Purged + split.Embargoed).Should().Be(samples.Count);
            }
        }
    }

    [Fact]
    public void Create_Should_RemoveExactlyEmbargoDays_When_OneSamplePerDayWithoutOverlap()
    {
        // Given: one sample per day whose window is that day only (T1 = t), 100 days, 4 folds of 25 days.
        var dates = TestPanels.Weekdays(new DateOnly(2020, 1, 2), 100);
        var t = Enumerable.Range(0, 100).ToArray();
        var samples = new LabeledSamples(dates, t, t, new int[100]);

        // When
        var splits = PurgedKFold.Create(samples, 4, embargoDays: 5);

        // Then: nothing to purge, 5 days embargoed after every fold but the last.
        splits.Select(s => s.Purged).Should().AllBeEquivalentTo(0);
        splits.Select(s => s.Embargoed).Should().Equal(5, 5, 5, 0);
        splits[1].Train.Should().NotContain(Enumerable.Range(50, 5)).And.Contain(55);
        splits[1].Train.Should().Contain(Enumerable.Range(0, 25));
    }

    [Fact]
    public void Create_Should_PurgeTrainingLabelsReachingIntoTest_When_WindowsAreTenDays()
    {
        // Given: one sample per day, windows of 10 days.
        var dates = TestPanels.Weekdays(new DateOnly(2020, 1, 2), 100);
        var t = Enumerable.Range(0, 100).ToArray();
        var samples = new LabeledSamples(dates, t, t.Select(x => x + 10).ToArray(), new int[100]);

        // When
        var split = PurgedKFold.Create(samples, 4, embargoDays: 0)[1];

        // Then: test starts 25..49 (period 25..59): train 15..24 reach into it; 50..59 start inside it.
        split.Train.Should().Equal(Enumerable.Range(0, 15).Concat(Enumerable.Range(60, 40)));
        split.Purged.Should().Be(20);
        PurgedKFold.EmbargoDays(samples, 0.01).Should().Be(1);
    }
}
