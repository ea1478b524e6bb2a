using Kosmo.Core;

namespace Kosmo.Core.Tests.Signals;

public sealed class SignalFrameTests
{
    [Fact]
    public void Constructor_Should_SortByDateThenCode_When_RowsAreUnordered()
    {
        var d = new DateOnly(2024, 1, 2);
        var frame = new SignalFrame("m", [new Signal(d.AddDays(1), "000002", 0.2f, 0.3f, 0.5f), new Signal(d, "000002", 0.1f, 0.1f, 0.8f), new Signal(d, "000001", 0.6f, 0.2f, 0.2f)]);

        frame.Rows.Select(r => (r.Date, r.Code)).Should().Equal((d, "000001"), (d, "000002"), (d.AddDays(1), "000002"));
        frame.Rows[1].Score.Should().BeApproximately(0.7f, 1e-6f);
    }

    [Fact]
    public void Constructor_Should_Throw_When_ADateCodeRepeatsOrProbabilityIsInvalid()
    {
        var d = new DateOnly(2024, 1, 2);
        var dup = () => new SignalFrame("m", [new Signal(d, "000001", 0.2f, 0.3f, 0.5f), new Signal(d, "000001", 0.2f, 0.3f, 0.5f)]);
        var bad = () => new SignalFrame("m", [new Signal(d, "000001", float.NaN, 0.3f, 0.5f)]);

        dup.Should().Throw<ArgumentException>().WithMessage("*twice*");
        bad.Should().Throw<ArgumentException>().WithMessage("*probability*");
    }
}
