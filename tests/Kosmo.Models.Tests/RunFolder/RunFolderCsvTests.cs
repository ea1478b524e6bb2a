using Kosmo.Core;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Tests.RunFolder;

public sealed class RunFolderCsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-runfolder-" + Guid.NewGuid().ToString("N"));

    public RunFolderCsvTests() => Directory.CreateDirectory(_dir);

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
    public void Labels_Should_RoundTrip_When_WrittenAndRead()
    {
        var path = Path.Combine(_dir, "labels.csv");
        LabelRecord[] rows = [new(new DateOnly(2024, 3, 4), "000250", 2, 0.0731), new(new DateOnly(2024, 3, 4), "000100", 0, -0.05)];
        LabelsCsv.Write(path, rows);
        File.ReadAllText(path).Should().Be("date,code,label,fwd_return\n2024-03-04,000100,0,-0.05\n2024-03-04,000250,2,0.0731\n");
        LabelsCsv.Read(path).Should().BeEquivalentTo(rows);
    }

    [Theory]
    [InlineData("2024-03-04,005930,tft,0.1,0.6\n", 2, "")]
    [InlineData("2024-13-04,005930,tft,0.1,0.6,0.3\n", 2, "date")]
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

    [Theory]
    [InlineData("date,code,label\n", 1, "")]
    [InlineData("date,code,label,fwd_return\n2024-03-04,005930,3,0.1\n", 2, "label")]
    [InlineData("date,code,label,fwd_return\n2024-03-04,005930,1,NaN\n", 2, "fwd_return")]
    [InlineData("date,code,label,fwd_return\n2024-03-04,,1,0.1\n", 2, "code")]
    public void Read_Should_NameLineAndColumn_When_ALabelRowIsBad(string text, int line, string column)
    {
        var path = Path.Combine(_dir, "labels.csv");
        File.WriteAllText(path, text);
        var ex = FluentActions.Invoking(() => LabelsCsv.Read(path)).Should().Throw<DataValidationException>().Which;
        ex.Line.Should().Be(line);
        ex.Column.Should().Be(column);
    }
}
