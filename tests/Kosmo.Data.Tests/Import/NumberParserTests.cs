using System.Globalization;
using System.Text;
using Kosmo.Data.Import;

namespace Kosmo.Data.Tests.Import;

public sealed class NumberParserTests
{
    [Theory]
    [InlineData("19100.0")]
    [InlineData("6416.669922")]
    [InlineData("-2.8")]
    [InlineData("0.010830324909747224")]
    [InlineData("459673256350000.0")]
    [InlineData("1.5e-05")]
    [InlineData("12345678901234567890")]
    [InlineData("-0.004761904761904745")]
    [InlineData("+7")]
    public void TryParseDouble_Should_EqualDoubleParse_When_TextIsANumber(string text)
    {
        // Given / When
        var ok = NumberParser.TryParseDouble(Encoding.ASCII.GetBytes(text), out var v);

        // Then the bits equal the BCL parser's
        ok.Should().BeTrue();
        v.Should().Be(double.Parse(text, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParseDouble_Should_MatchBcl_When_ManyRandomDecimals()
    {
        var rng = new Random(7);
        for (var i = 0; i < 20000; i++)
        {
            var text = (rng.NextDouble() * Math.Pow(10, rng.Next(0, 12))).ToString("F" + rng.Next(0, 7), CultureInfo.InvariantCulture);
            NumberParser.TryParseDouble(Encoding.ASCII.GetBytes(text), out var v).Should().BeTrue();
            v.Should().Be(double.Parse(text, CultureInfo.InvariantCulture), text);
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("-")]
    [InlineData("12a")]
    [InlineData("NaN")]
    public void TryParseDouble_Should_Fail_When_TextIsNotAFiniteNumber(string text) =>
        NumberParser.TryParseDouble(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();

    [Theory]
    [InlineData("2024-01-02", 20240102)]
    [InlineData("20240229", 20240229)]
    [InlineData("2024/12/31", 20241231)]
    [InlineData("2024-01-02 00:00:00", 20240102)]
    public void TryParseDateKey_Should_GiveYyyymmdd_When_DateIsValid(string text, int key)
    {
        NumberParser.TryParseDateKey(Encoding.ASCII.GetBytes(text), out var k).Should().BeTrue();
        k.Should().Be(key);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("24-01-02")]
    [InlineData("2024-01-0x")]
    public void TryParseDateKey_Should_Fail_When_DateIsInvalid(string text) =>
        NumberParser.TryParseDateKey(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();
}
