namespace ChainNode.Contracts.Language;

public enum TokenKind
{
    Identifier,
    Keyword,
    Number,
    HexBytes,
    Text,
    Symbol,
    End,
}

/// <summary>One token with where it starts, so every error can name a line and column.</summary>
public sealed record Token(TokenKind Kind, string Text, int Line, int Column)
{
    public override string ToString() => Kind == TokenKind.End ? "end of file" : $"'{Text}'";
}

/// <summary>A compile error at a line and column (1-based).</summary>
public sealed class CompileException(int line, int column, string message) : Exception($"{line}:{column}: {message}")
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = message;

    public CompileException(Token at, string message) : this(at.Line, at.Column, message)
    {
    }
}
