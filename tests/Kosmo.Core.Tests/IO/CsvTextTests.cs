using System.Globalization;
using Kosmo.Core.IO;

namespace Kosmo.Core.Tests.IO;

public sealed class CsvTextTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-csv-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) { Directory.Delete(_dir, recursive: true); }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("삼성전자우", "삼성전자우")]
    public void Field_Should_QuoteOnlyWhenNeededAndDoubleInnerQuotes_When_WritingText(string text, string expected)
    {
        // When a text field is written, Then it is quoted only for a comma, quote or line break, inner quotes doubled
        CsvText.Field(text).Should().Be(expected);
    }

    [Fact]
    public void SplitFields_Should_GiveBackEveryField_When_ARecordIsWrittenWithField()
    {
        // Given awkward texts: commas, quotes, a quoted-looking value, empty fields, line breaks and Korean
        string[] fields = ["2024-01-02", "a,b", "\"", "say \"hi\", then go", "", "x\ny", "\"quoted\"", "합성스팩1호", ""];

        // When written as one record and split again
        var back = CsvText.SplitFields(string.Join(",", fields.Select(CsvText.Field)));

        // Then every field comes back as it was
        back.Should().Equal(fields);
        CsvText.SplitFields("a,,b").Should().Equal("a", "", "b");
    }

    [Fact]
    public void Number_Should_WriteInvariantShortestRoundTripText_When_TheCurrentCultureUsesADecimalComma()
    {
        // Given a current culture with a decimal comma, a point as group separator, a Unicode minus and its own NaN
        // (built by hand: the projects run with invariant globalization, so named cultures are not available)
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NaNSymbol = "n/a";
        culture.DateTimeFormat.DateSeparator = ".";
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            // Then numbers and dates are written the invariant way (the culture really is in effect)
            (0.5).ToString(CultureInfo.CurrentCulture).Should().Be("0,5");
            CsvText.Number(0.1).Should().Be("0.1");
            CsvText.Number(-1234567.25).Should().Be("-1234567.25");
            CsvText.Number(1e-7).Should().Be("1E-07");
            CsvText.Number(0.3f).Should().Be("0.3");
            CsvText.Number(double.NaN).Should().Be("NaN");
            CsvText.NumberOrEmpty(0.5).Should().Be("0.5");
            CsvText.NumberOrEmpty(double.NaN).Should().BeEmpty();
            CsvText.NumberOrEmpty(double.PositiveInfinity).Should().BeEmpty();
            CsvText.Date(new DateOnly(2015, 6, 15)).Should().Be("2015-06-15");
            CsvText.ParseDouble("f.csv", 2, "x", "0.25").Should().Be(0.25);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Number_Should_ParseBackToTheSameBits_When_RoundTripped()
    {
        // Given awkward doubles and floats (seeded draws over many magnitudes, subnormals, extremes)
        var rng = new Random(17);
        var doubles = Enumerable.Range(0, 2000).Select(_ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-300, 300)))
            .Concat([0.1 + 0.2, double.Epsilon, double.MaxValue, -double.MinValue, 1.0 / 3, -0.0]).ToArray();
        var floats = doubles.Select(d => (float)d).Where(float.IsFinite).Concat([float.Epsilon, 1f / 3]).ToArray();

        // When written and parsed back
        // Then every value has the same bits
        doubles.Should().OnlyContain(d => BitConverter.DoubleToInt64Bits(double.Parse(CsvText.Number(d), CultureInfo.InvariantCulture)) == BitConverter.DoubleToInt64Bits(d));
        floats.Where(f => f is >= 0f and <= 1f).Should().OnlyContain(f => CsvText.ParseProbability("p.csv", 2, "p", CsvText.Number(f)) == f);
        floats.Should().OnlyContain(f => BitConverter.SingleToInt32Bits(float.Parse(CsvText.Number(f), CultureInfo.InvariantCulture)) == BitConverter.SingleToInt32Bits(f));
    }

    [Fact]
    public void ReadLines_Should_ReadBackWhatAnAtomicWriterWrote_When_TheHeaderMatches()
    {
        // Given a file written atomically with the helper: header, a blank line and two records
        var path = Path.Combine(_dir, "t.csv");
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("date,code,value");
            w.WriteLine($"{CsvText.Date(new DateOnly(2024, 1, 2))},{CsvText.Field("A,1")},{CsvText.Number(0.1)}");
            w.WriteLine();
            w.WriteLine($"{CsvText.Date(new DateOnly(2024, 1, 3))},B,{CsvText.Number(-2.5)}");
        });

        // When read back
        var rows = CsvText.ReadLines(path, "date,code,value").Select(r => (r.Line, Fields: CsvText.Split(path, r.Line, r.Text, 3))).ToList();

        // Then the records come back with their line numbers and values
        rows.Select(r => r.Line).Should().Equal(2, 4);
        CsvText.ParseDate(path, 2, "date", rows[0].Fields[0]).Should().Be(new DateOnly(2024, 1, 2));
        rows[0].Fields[1].Should().Be("A,1");
        CsvText.ParseDouble(path, 4, "value", rows[1].Fields[2]).Should().Be(-2.5);
    }

    [Fact]
    public void Parsers_Should_NameFileLineAndColumn_When_AFieldIsBad()
    {
        // Given a file whose header differs, and bad fields
        var path = Path.Combine(_dir, "bad.csv");
        AtomicFile.WriteAllText(path, "date,code\n");

        // Then each error names the file, the line and the column
        var header = () => CsvText.ReadLines(path, "date,code,model").ToList();
        header.Should().Throw<DataValidationException>().Which.Message.Should().Contain("bad.csv").And.Contain("date,code,model");
        var count = () => CsvText.Split("p.csv", 7, "a,b", 3);
        count.Should().Throw<DataValidationException>().Which.Line.Should().Be(7);
        var date = () => CsvText.ParseDate("p.csv", 3, "date", "2024/01/02");
        date.Should().Throw<DataValidationException>().Which.Column.Should().Be("date");
        var number = () => CsvText.ParseDouble("p.csv", 4, "fwd_return", "NaN");
        number.Should().Throw<DataValidationException>().Which.Problem.Should().Contain("not a finite number");
        var probability = () => CsvText.ParseProbability("p.csv", 5, "p_up", "1.5");
        probability.Should().Throw<DataValidationException>().Which.Problem.Should().Contain("[0, 1]");
        var text = () => CsvText.ParseText("p.csv", 6, "code", "");
        text.Should().Throw<DataValidationException>();
        var missing = () => CsvText.ReadLines(Path.Combine(_dir, "none.csv"), "date");
        missing.Should().Throw<FileNotFoundException>();
    }
}
