using Kosmo.Features.Splits;

namespace Kosmo.Features.Tests.Splits;

public sealed class FitDatesTests
{
    [Fact]
    public void Mask_Should_LeaveOutTheTestPeriodsAndTheirEmbargo_When_AFoldTestsTheMiddle()
    {
        // Given 30 dates, one sample per date with a 3-day label window (End = Start + 3, clipped), and a fold testing dates 10..14
        var dates = Enumerable.Range(0, 30).Select(d => new DateOnly(2020, 1, 1).AddDays(d)).ToArray();
        var start = Enumerable.Range(0, 30).ToArray();
        var end = start.Select(t => Math.Min(29, t + 3)).ToArray();
        var samples = new LabeledSamples(dates, start, end, new int[30]);
        var split = Purging.Make(samples, "middle", [(10, 14)], null, embargoDays: 2);

        // When the fit mask is built
        var mask = FitDates.Mask(samples, split, embargoDays: 2);

        // Then the test period runs to the last test label's end (14 + 3 = 17), the embargo two days further (19),
        // and every other date, also the purged dates before the block, is a training date
        FitDates.Periods(samples, split).Should().Equal((10, 17));
        Enumerable.Range(0, 30).Where(t => !mask[t]).Should().Equal(Enumerable.Range(10, 10));
        split.Train.Should().OnlyContain(j => mask[samples.Start[j]], "every training sample's date is a fit date");
    }

    [Fact]
    public void Mask_Should_LeaveOutEveryBlock_When_ASplitHasSeveralTestBlocks()
    {
        // Given random samples and a CPCV split testing two groups
        var samples = SplitTestData.Random(seed: 4, days: 200, maxH: 8);
        var cpcv = CombinatorialPurgedCV.Create(samples, 5, 2, embargoDays: 4);

        foreach (var split in cpcv.Splits)
        {
            // When
            var mask = FitDates.Mask(samples, split, 4);

            // Then no test sample's date nor any date its label reads is a fit date, and no training sample's date is left out
            foreach (var j in split.Test)
            {
                for (var t = samples.Start[j]; t <= samples.End[j]; t++)
                {
                    mask[t].Should().BeFalse();
                }
            }

            split.Train.Should().OnlyContain(j => mask[samples.Start[j]]);
        }
    }
}
