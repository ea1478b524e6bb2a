using System.CommandLine;

namespace Kosmo.Cli;

/// <summary>
/// One top-level <c>kosmo</c> command. Every non-abstract implementation in this assembly is found by
/// reflection and added to the root, so a new command is one new file (no central list to edit).
/// </summary>
internal interface ICommandModule
{
    /// <summary>Builds the command with its options, subcommands and action.</summary>
    Command Build();
}
