using Kosmo.Features.Splits;

namespace Kosmo.Features.Tests.Splits;

public sealed class WalkForwardTests
{
    [Fact]
    public void Yearly_Should_TestEachYearOnPastPurgedData_When_Expanding()
    {
        // Given: samples 2019-01 .. 2021-09 (700 weekdays).
        var samples = SplitTestData.Random(seed: 1, days: 700);

        // When
        var splits = WalkForward.Yearly(samples, new WalkForwardOptions(FirstTestYear: 2020));

        // Then: one split per year 2020, 2021; test = that year; every training window ends before the test year starts.
        splits.Should().HaveCount(2);
        for (var y = 0; y < 2; y++)
        {
            var year = 2020 + y;
            var split = splits[y];
            split.Test.Should().OnlyContain(j => samples.Dates[samples.Start[j]].Year == year);
            split.Test.Should().HaveCount(samples.Start.Count(t => samples.Dates[t].Year == year));
            var firstTest = split.Test.Min(j => samples.Start[j]);
            split.Train.Should().OnlyContain(j => samples.End[j] < firstTest);
            split.Purged.Should().BeGreaterThan(0, "windows of the last days of the previous year reach into the test year");
            SplitTestData.AssertPurged(samples, split, 0);
        }

        splits[1].Train.Length.Should().BeGreaterThan(splits[0].Train.Length);
    }

    [Fact]
    public void Yearly_Should_TrainOnlyOnTheLastYears_When_Rolling()
    {
        // Given
        var samples = SplitTestData.Random(seed: 2, days: 700);

        // When
        var splits = WalkForward.Yearly(samples, new WalkForwardOptions(FirstTestYear: 2021, RollingYears: 1));

        // Then: the 2021 split trains on 2020 only.
        splits.Should().ContainSingle();
        splits[0].Train.Should().OnlyContain(j => samples.Dates[samples.Start[j]].Year == 2020);
        splits[0].Name.Should().Contain("rolling");
    }
}
