using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Engine;

public class SignalMatrixTests
{
    [Fact]
    public void FromFrame_Should_AlignRowsDateMajorAndCountDropped_When_FrameHasUnknownCodesOrDates()
    {
        // Given a 3-day panel with codes A and B and a frame with one unknown code and one unknown date
        var panel = new Scenario(3, new DateOnly(2024, 3, 4))
            .Stock("A", Market.Kosdaq, Scenario.Flat(3, 1_000), Scenario.Flat(3, 1_000))
            .Stock("B", Market.Kospi, Scenario.Flat(3, 2_000), Scenario.Flat(3, 2_000))
            .Build();
        var frame = new SignalFrame("m", [
            new Signal(panel.Dates[1], "B", 0.2f, 0.3f, 0.5f),
            new Signal(panel.Dates[0], "A", 0.1f, 0.1f, 0.8f),
            new Signal(panel.Dates[0], "ZZZ", 0.1f, 0.1f, 0.8f),
            new Signal(new DateOnly(2030, 1, 1), "A", 0.1f, 0.1f, 0.8f),
        ]);

        // When
        var m = SignalMatrix.FromFrame(frame, panel);

        // Then (t = 0, A) and (t = 1, B) are set, everything else is missing
        m.Dropped.Should().Be(2);
        m.PUp[0].Should().Be(0.8f);
        m.PDown[(1 * 2) + 1].Should().Be(0.2f);
        m.Has(0, 1).Should().BeFalse();
        m.Has(2, 0).Should().BeFalse();
        m.FirstIndex.Should().Be(0);
    }
}
