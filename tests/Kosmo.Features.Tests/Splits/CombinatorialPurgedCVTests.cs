using Kosmo.Features.Splits;

namespace Kosmo.Features.Tests.Splits;

public sealed class CombinatorialPurgedCVTests
{
    [Theory]
    [InlineData(6, 2, 15, 5)]
    [InlineData(10, 2, 45, 9)]
    [InlineData(8, 3, 56, 21)]
    [InlineData(5, 1, 5, 1)]
    public void Create_Should_BuildAllSplitsAndPhiPaths_When_GivenNAndK(int n, int k, int splitCount, int phi)
    {
        // Given
        var samples = SplitTestData.Random(seed: n * 10 + k, days: 400);

        // When
        var cpcv = CombinatorialPurgedCV.Create(samples, n, k, embargoDays: 3);

        // Then: C(N, k) splits and φ = k/N·C(N, k) paths.
        cpcv.Splits.Should().HaveCount(splitCount);
        cpcv.Paths.Should().HaveCount(phi);
        CombinatorialPurgedCV.PathCount(n, k).Should().Be((int)(k * CombinatorialPurgedCV.Binomial(n, k) / n));
        // Every group is tested in exactly φ splits, and every (split, test group) pair lies on exactly one path.
        for (var g = 0; g < n; g++)
        {
            cpcv.TestGroups.Count(tg => tg.Contains(g)).Should().Be(phi);
            cpcv.Paths.Select(p => p.SplitOfGroup[g]).Distinct().Should().HaveCount(phi);
            foreach (var path in cpcv.Paths)
            {
                cpcv.TestGroups[path.SplitOfGroup[g]].Should().Contain(g, "a path takes group g from a split that tests g");
            }
        }

        // Each path covers all test samples exactly once.
        foreach (var path in cpcv.Paths)
        {
            var covered = Enumerable.Range(0, n).SelectMany(g =>
                cpcv.Splits[path.SplitOfGroup[g]].Test.Where(j => samples.Start[j] >= cpcv.Groups[g].First && samples.Start[j] <= cpcv.Groups[g].Last));
            covered.Order().Should().Equal(Enumerable.Range(0, samples.Count));
        }
    }

    [Fact]
    public void Create_Should_PurgeAndEmbargoEverySplit_When_RandomSamples()
    {
        // Given
        var rng = new Random(5);
        for (var c = 0; c < 6; c++)
        {
            var samples = SplitTestData.Random(seed: 100 + c, days: 250, maxH: rng.Next(2, 20));
            var n = rng.Next(4, 8);
            var k = rng.Next(1, 3);
            var embargo = rng.Next(0, 10);

            // When
            var cpcv = CombinatorialPurgedCV.Create(samples, n, k, embargo);

            // Then
            foreach (var split in cpcv.Splits)
            {
                SplitTestData.AssertPurged(samples, split, embargo);
                split.Train.Should().NotBeEmpty();
            }
        }
    }
}
