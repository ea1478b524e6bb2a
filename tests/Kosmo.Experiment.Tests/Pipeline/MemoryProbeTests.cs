using Kosmo.Experiment;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>The per-step memory readings of RUN/timing.json (alone: other tests' pipelines would reset the process-wide mark).</summary>
[Collection(MemoryProbeCollection.Name)]
public sealed class MemoryProbeTests
{
    [Fact]
    public void End_Should_KeepTheOuterPeak_When_AnInnerMarkResetsTheKernelMark()
    {
        // Given an outer mark during which 256 MB were touched, then released
        var outer = MemoryProbe.Begin();
        var big = new byte[256 << 20];
        Array.Fill(big, (byte)1);
        var rssWithBig = MemoryProbe.RssBytes();
        GC.KeepAlive(big);
        big = null;
        GC.Collect();

        // When an inner mark (a cell) begins and ends, then the outer one (the step) ends
        var inner = MemoryProbe.Begin();
        var innerPeak = MemoryProbe.End(inner);
        var outerPeak = MemoryProbe.End(outer);

        // Then the outer peak still covers the 256 MB, and the inner one is no larger (the kernel updates its
        // high-water mark lazily, so it may trail an RSS reading by a few pages: 16 MB of slack)
        outerPeak.Should().BeGreaterThanOrEqualTo(rssWithBig - (16L << 20));
        innerPeak.Should().BeLessThanOrEqualTo(outerPeak);
        rssWithBig.Should().BeGreaterThan(256L << 20);
    }

    [Fact]
    public void ToJson_Should_SplitStepsAndCellsAndTakeTheProcessPeakFromSteps_When_Written()
    {
        // Given two steps and one cell inside the second
        var readings = new[]
        {
            new MemoryReading("prepare", 10, 9, 2000, 1500, 1200),
            new MemoryReading("tft_lite/fold-7", 50, 90, 2600, 1700, 1300),
            new MemoryReading("train", 60, 100, 2500, 1600, 1250),
        };

        // When the timing section is built
        var json = MemoryTiming.ToJson(readings);

        // Then steps and cells are apart, with every field, and the process peak is the largest step peak
        json["peak_rss_mb"]!.GetValue<double>().Should().Be(2500);
        json["steps"]!.AsObject().Select(p => p.Key).Should().Equal("prepare", "train");
        json["cells"]!.AsObject().Select(p => p.Key).Should().Equal("tft_lite/fold-7");
        json["cells"]!["tft_lite/fold-7"]!["cpu_seconds"]!.GetValue<double>().Should().Be(90);
        json["steps"]!["prepare"]!["heap_end_mb"]!.GetValue<double>().Should().Be(1200);
    }
}
