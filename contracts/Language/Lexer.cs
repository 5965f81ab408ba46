using System.Text;

namespace ChainNode.Contracts.Language;

/// <summary>Splits contract source into tokens. Comments run from // to the end of the line.</summary>
public static class Lexer
{
    public static readonly HashSet<string> Keywords =
    [
        "contract", "storage", "map", "event", "fn", "pub", "view", "payable", "init", "let", "if", "else", "for", "in",
        "require", "emit", "pay", "revert", "return", "true", "false", "u256", "bool", "address", "bytes",
    ];

    private static readonly string[] Symbols =
        ["..", "->", "==", "!=", "<=", ">=", "&&", "||", "{", "}", "(", ")", "[", "]", "<", ">", ",", ";", ":", "=", "+", "-", "*", "/", "%", "!"];

    public static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        int i = 0, line = 1, column = 1;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\n')
            {
                i++;
                line++;
                column = 1;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                Advance(1);
                continue;
            }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                    Advance(1);
                continue;
            }
            var startLine = line;
            var startColumn = column;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_'))
                    Advance(1);
                var word = source[start..i];
                tokens.Add(new Token(Keywords.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier, word, startLine, startColumn));
                continue;
            }
            if (c == '0' && i + 1 < source.Length && source[i + 1] == 'x')
            {
                var start = i;
                Advance(2);
                while (i < source.Length && char.IsAsciiHexDigit(source[i]))
                    Advance(1);
                var hex = source[(start + 2)..i];
                if (hex.Length == 0 || hex.Length % 2 != 0)
                    throw new CompileException(startLine, startColumn, "a hex byte literal needs an even, non-zero number of hex digits");
                tokens.Add(new Token(TokenKind.HexBytes, hex, startLine, startColumn));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '_'))
                    Advance(1);
                tokens.Add(new Token(TokenKind.Number, source[start..i].Replace("_", "", StringComparison.Ordinal), startLine, startColumn));
                continue;
            }
            if (c == '"')
            {
                var text = new StringBuilder();
                Advance(1);
                while (i < source.Length && source[i] != '"')
                {
                    if (source[i] == '\n')
                        throw new CompileException(startLine, startColumn, "string literal is not closed on its line");
                    if (source[i] == '\\' && i + 1 < source.Length)
                    {
                        text.Append(source[i + 1] switch { 'n' => '\n', 't' => '\t', var other => other });
                        Advance(2);
                        continue;
                    }
                    text.Append(source[i]);
                    Advance(1);
                }
                if (i >= source.Length)
                    throw new CompileException(startLine, startColumn, "string literal is not closed");
                Advance(1);
                tokens.Add(new Token(TokenKind.Text, text.ToString(), startLine, startColumn));
                continue;
            }
            var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(source, i, s, 0, s.Length) == 0)
                ?? throw new CompileException(line, column, $"unexpected character '{c}'");
            Advance(symbol.Length);
            tokens.Add(new Token(TokenKind.Symbol, symbol, startLine, startColumn));
        }
        tokens.Add(new Token(TokenKind.End, "", line, column));
        return tokens;

        void Advance(int count)
        {
            i += count;
            column += count;
        }
    }
}
