namespace Kosmo.Cli.Tests;

[Collection("console")]
public sealed class RootCommandTests
{
    [Fact]
    public void BuildRoot_Should_GiveEveryCommandADescription_When_CommandsAreDiscovered()
    {
        var root = Program.BuildRoot();

        root.Description.Should().NotBeNullOrWhiteSpace();
        foreach (var command in root.Subcommands)
        {
            command.Description.Should().NotBeNullOrWhiteSpace($"'kosmo {command.Name} --help' must say what it does");
        }
    }

    [Fact]
    public void Help_Should_ExitZero_When_Requested()
    {
        var root = Program.BuildRoot();
        using var output = new StringWriter();

        var code = root.Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output });

        code.Should().Be(0);
        output.ToString().Should().Contain("Kosmo");
    }
}
