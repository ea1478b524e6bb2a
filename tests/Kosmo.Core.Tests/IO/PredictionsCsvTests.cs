using Kosmo.Core.IO;

namespace Kosmo.Core.Tests.IO;

public sealed class PredictionsCsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-predictions-" + Guid.NewGuid().ToString("N"));

    public PredictionsCsvTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Write_Should_ProduceTheContractFormat_And_ReadBack_When_RoundTripping()
    {
        // Given predictions out of order, with a code that has leading zeros
        var path = Path.Combine(_dir, "predictions.csv");
        PredictionRecord[] rows =
        [
            new(new DateOnly(2024, 3, 5), "035720", "tft", 0.2f, 0.3f, 0.5f),
            new(new DateOnly(2024, 3, 4), "005930", "tft", 0.1f, 0.6f, 0.3f),
            new(new DateOnly(2024, 3, 4), "005930", "logit", 1f / 3, 1f / 3, 1f / 3),
        ];

        // When writing and reading back
        PredictionsCsv.Write(path, rows);
        var back = PredictionsCsv.Read(path);

        // Then the text is exactly the contract (sorted by model, date, code) and the values survive bit for bit
        File.ReadAllText(path).Should().Be(
            "date,code,model,p_down,p_flat,p_up\n" +
            "2024-03-04,005930,logit,0.33333334,0.33333334,0.33333334\n" +
            "2024-03-04,005930,tft,0.1,0.6,0.3\n" +
            "2024-03-05,035720,tft,0.2,0.3,0.5\n");
        back.Should().BeEquivalentTo(rows);
    }

    [Fact]
    public void Write_Should_UseTheKClassHeader_And_ReadBackTheMasses_When_RowsHaveFourClasses()
    {
        // Given a four-class row (down++, down, up, up++)
        var path = Path.Combine(_dir, "predictions.csv");
        var row = PredictionRecord.FromClasses(new DateOnly(2024, 3, 4), "000001", "m", [0.1f, 0.2f, 0.3f, 0.4f]);

        // When written and read back
        PredictionsCsv.Write(path, [row]);
        var back = PredictionsCsv.Read(path).Single();

        // Then the header names p_0..p_3, the K probabilities survive and the masses are the expected class value's
        File.ReadAllText(path).Should().Be("date,code,model,p_0,p_1,p_2,p_3\n2024-03-04,000001,m,0.1,0.2,0.3,0.4\n");
        back.ClassProbabilities.Should().Equal(0.1f, 0.2f, 0.3f, 0.4f);
        (back.PUp - back.PDown).Should().BeApproximately(row.PUp - row.PDown, 1e-7f);
    }

    [Fact]
    public void Stream_Should_SkipOtherModels_When_AskedForOne()
    {
        // Given two models, the other one's row with a bad probability
        var path = Path.Combine(_dir, "predictions.csv");
        File.WriteAllText(path, PredictionsCsv.Header + "\n2024-03-04,000001,a,0.1,0.6,0.3\n2024-03-04,000001,b,x,0.6,0.3\n");

        // When streaming model a only
        var rows = PredictionsCsv.Stream(path, new HashSet<string>(StringComparer.Ordinal) { "a" }).ToList();

        // Then the row of a comes with its line number and b's row is not parsed
        rows.Should().ContainSingle().Which.Line.Should().Be(2);
    }

    [Theory]
    [InlineData("2024-03-04,005930,tft,0.1,0.6\n", 2, "")]
    [InlineData("2024-13-04,005930,tft,0.1,0.6,0.3\n", 2, "date")]
    [InlineData("2024-03-04,,tft,0.1,0.6,0.3\n", 2, "code")]
    [InlineData("2024-03-04,005930,tft,0.1,abc,0.3\n", 2, "p_flat")]
    [InlineData("2024-03-04,005930,tft,0.1,0.6,1.3\n", 2, "p_up")]
    [InlineData("2024-03-04,005930,tft,0.5,0.6,0.3\n", 2, "p_up")]
    [InlineData("2024-03-04,005930,tft,0.1,0.6,0.3\n2024-03-04,005930,tft,0.1,0.6,0.3\n", 3, "code")]
    public void Read_Should_NameLineAndColumn_When_APredictionRowIsBad(string body, int line, string column)
    {
        // Given a file with one bad row
        var path = Path.Combine(_dir, "predictions.csv");
        File.WriteAllText(path, PredictionsCsv.Header + "\n" + body);

        // When reading
        var act = () => PredictionsCsv.Read(path);

        // Then the error names the file, line and column
        var ex = act.Should().Throw<DataValidationException>().Which;
        ex.File.Should().Be(path);
        ex.Line.Should().Be(line);
        ex.Column.Should().Be(column);
    }

    [Fact]
    public void Stream_Should_NameBothHeaderForms_When_TheHeaderIsNeither()
    {
        var path = Path.Combine(_dir, "predictions.csv");
        File.WriteAllText(path, "date,code,model,p_0,p_2\n");

        var ex = FluentActions.Invoking(() => PredictionsCsv.Stream(path)).Should().Throw<DataValidationException>().Which;

        ex.Line.Should().Be(1);
        ex.Problem.Should().Contain(PredictionsCsv.Header).And.Contain("p_0,...");
    }

    [Fact]
    public void Stream_Should_ThrowFileNotFound_When_TheFileIsMissing()
    {
        FluentActions.Invoking(() => PredictionsCsv.Stream(Path.Combine(_dir, "nope.csv"))).Should().Throw<FileNotFoundException>();
    }
}
