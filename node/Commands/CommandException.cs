namespace ChainNode.Node;

/// <summary>A command cannot proceed; the message is shown to the operator as is.</summary>
public sealed class CommandException(string message) : Exception(message);
