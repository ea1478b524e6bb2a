using Kosmo.Core;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Tests.RunFolder;

public sealed class RunFolderCsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-runfolder-" + Guid.NewGuid().ToString("N"));

    public RunFolderCsvTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

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
