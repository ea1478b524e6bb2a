namespace Kosmo.Experiment;

/// <summary>A command line that cannot be run as given (exit 2): the message says what to change.</summary>
internal class UsageException(string message) : Exception(message);
