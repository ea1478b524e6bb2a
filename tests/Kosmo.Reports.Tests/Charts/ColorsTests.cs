using Kosmo.Reports.Charts;

namespace Kosmo.Reports.Tests.Charts;

public class ColorsTests
{
    [Theory]
    [InlineData(0.0, "#ffffff")] // zero is white
    [InlineData(0.1, "#1a9850")] // +limit is full green
    [InlineData(0.25, "#1a9850")] // beyond +limit saturates
    [InlineData(-0.1, "#d73027")] // -limit is full red
    [InlineData(-0.2, "#d73027")]
    [InlineData(0.05, "#8dcca8")] // halfway: 255 + (26 - 255)/2 = 140.5 -> 141 = 0x8d; 203.5 -> 204 = 0xcc; 167.5 -> 168 = 0xa8
    [InlineData(-0.05, "#eb9893")] // halfway: 235 = 0xeb; 151.5 -> 152 = 0x98; 147 = 0x93
    public void Diverging_Should_MapReturnsRedWhiteGreen_When_LimitIsTenPercent(double value, string expected)
    {
        Colors.Diverging(value, 0.1).Should().Be(expected);
    }

    [Fact]
    public void Diverging_Should_BeLightGrey_When_ValueIsMissing()
    {
        Colors.Diverging(double.NaN, 0.1).Should().Be("#eeeeee");
    }

    [Fact]
    public void Sequential_Should_GoFromWhiteToBlue_When_ShareGrows()
    {
        Colors.Sequential(0).Should().Be("#ffffff");
        Colors.Sequential(1).Should().Be("#1d4ed8");
        Colors.Sequential(2).Should().Be("#1d4ed8");
    }

    [Fact]
    public void TextOn_Should_PickWhite_When_BackgroundIsDark()
    {
        Colors.TextOn("#1a9850").Should().Be("#ffffff");
        Colors.TextOn("#ffffff").Should().Be("#111827");
    }
}
