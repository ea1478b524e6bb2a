using Kosmo.Features.Splits;

namespace Kosmo.Features.Tests.Splits;

public sealed class FinetuneSplitTests
{
    [Fact]
    public void Split_Should_EndEveryTrainingLabelBeforeTheEmbargo_When_TheLatestDatesAreHeldOut()
    {
        // Given: a fine-tune window (the last 200 sample days of a random set, labels of up to 20 days) and embargoes.
        var s = SplitTestData.Random(seed: 11, days: 500);
        var window = Enumerable.Range(0, s.Count).Where(j => s.Start[j] >= 280).ToArray();
        foreach (var embargo in new[] { 0, 3, 10 })
        {
            // When
            var (train, validation) = FinetuneSplit.Split(s, window, fraction: 0.25, embargo);

            // Then: held out are the latest quarter of the window's dates; every training label window [t, T1]
            // ends more than `embargo` days before the first held-out date; nothing is in both.
            var dates = window.Select(j => s.Start[j]).Distinct().Order().ToArray();
            var first = dates[(int)Math.Floor(dates.Length * 0.75)];
            validation.Should().Equal(window.Where(j => s.Start[j] >= first));
            train.Should().OnlyContain(j => s.End[j] < first - embargo);
            train.Should().Equal(window.Where(j => s.Start[j] < first && s.End[j] < first - embargo));
            train.Intersect(validation).Should().BeEmpty();
            (window.Length - train.Length - validation.Length).Should().BeGreaterThan(0,
                "labels reaching into the held-out block or its embargo are purged");
        }
    }

    [Fact]
    public void Split_Should_PurgeMoreSamples_When_TheEmbargoGrows()
    {
        // Given
        var s = SplitTestData.Random(seed: 12, days: 400);
        var window = Enumerable.Range(0, s.Count).ToArray();

        // When
        var none = FinetuneSplit.Split(s, window, 0.2, 0).Train.Length;
        var some = FinetuneSplit.Split(s, window, 0.2, 5).Train.Length;
        var more = FinetuneSplit.Split(s, window, 0.2, 15).Train.Length;

        // Then: each embargo day drops the samples (four codes a day) whose labels end in it.
        some.Should().BeLessThan(none);
        more.Should().BeLessThan(some);
    }

    [Fact]
    public void Split_Should_TrainOnEverything_When_NoFractionOrOneDate()
    {
        // Given: samples given out of order.
        var s = SplitTestData.Random(seed: 13, days: 100);
        var window = Enumerable.Range(0, s.Count).Reverse().ToArray();
        var oneDay = Enumerable.Range(0, s.Count).Where(j => s.Start[j] == 5).ToArray();

        // When
        var (train, validation) = FinetuneSplit.Split(s, window, fraction: 0, embargo: 5);
        var (trainOne, validationOne) = FinetuneSplit.Split(s, oneDay, fraction: 0.5, embargo: 5);

        // Then: nothing held out, training in ascending order.
        train.Should().Equal(Enumerable.Range(0, s.Count));
        validation.Should().BeEmpty();
        trainOne.Should().Equal(oneDay);
        validationOne.Should().BeEmpty();
    }
}
