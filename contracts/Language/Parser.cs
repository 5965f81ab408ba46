using System.Numerics;
using System.Text;
using ChainNode.Contracts.Abi;

namespace ChainNode.Contracts.Language;

/// <summary>Recursive descent over the tokens; the grammar is in contracts/README.md.</summary>
public sealed class Parser(List<Token> tokens)
{
    private int _at;

    public static ContractNode Parse(string source) => new Parser(Lexer.Tokenize(source)).Contract();

    private Token Current => tokens[_at];

    private ContractNode Contract()
    {
        var start = Expect("contract");
        var name = ExpectIdentifier("a contract name");
        Expect("{");
        var contract = new ContractNode(start, name.Text, [], [], []);
        while (Accept("}") is null)
        {
            if (Current.Kind == TokenKind.End)
                throw new CompileException(Current, "the contract is not closed: '}' expected");
            if (Accept("storage") is { } storage)
                contract.Storage.Add(Storage(storage));
            else if (Accept("event") is { } ev)
                contract.Events.Add(new EventNode(ev, ExpectIdentifier("an event name").Text, Parameters()).Also(_ => Expect(";")));
            else
                contract.Functions.Add(Function());
        }
        if (Current.Kind != TokenKind.End)
            throw new CompileException(Current, $"unexpected {Current} after the contract");
        return contract;
    }

    private StorageNode Storage(Token start)
    {
        var name = ExpectIdentifier("a storage name");
        Expect(":");
        if (Accept("map") is null)
        {
            var type = Type();
            Expect(";");
            return new StorageNode(start, name.Text, [], type);
        }
        Expect("<");
        var types = new List<AbiType> { Type() };
        while (Accept(",") is not null)
            types.Add(Type());
        Expect(">");
        Expect(";");
        if (types.Count < 2)
            throw new CompileException(start, "a map needs at least one key type and a value type: map<key, value>");
        return new StorageNode(start, name.Text, types[..^1], types[^1]);
    }

    private FunctionNode Function()
    {
        var start = Current;
        if (Accept("init") is not null)
        {
            var parameters = Parameters();
            var payable = Accept("payable") is not null;
            return new FunctionNode(start, "init", parameters, AbiType.None, IsPublic: false, IsView: false, payable, IsConstructor: true, Block());
        }
        var isPublic = Accept("pub") is not null;
        var isView = Accept("view") is not null;
        var isPayable = Accept("payable") is not null;
        Expect("fn");
        var name = ExpectIdentifier("a function name");
        var parameters2 = Parameters();
        var returns = Accept("->") is not null ? Type() : AbiType.None;
        return new FunctionNode(name, name.Text, parameters2, returns, isPublic, isView, isPayable, IsConstructor: false, Block());
    }

    private List<ParameterNode> Parameters()
    {
        Expect("(");
        var parameters = new List<ParameterNode>();
        if (Accept(")") is not null)
            return parameters;
        do
        {
            var name = ExpectIdentifier("a parameter name");
            Expect(":");
            parameters.Add(new ParameterNode(name, name.Text, Type()));
        }
        while (Accept(",") is not null);
        Expect(")");
        return parameters;
    }

    private AbiType Type()
    {
        var token = Current;
        _at++;
        return AbiTypeNames.Parse(token.Text) is { } type && token.Kind == TokenKind.Keyword
            ? type
            : throw new CompileException(token, $"expected a type (u256, bool, address or bytes), found {token}");
    }

    private List<StatementNode> Block()
    {
        Expect("{");
        var statements = new List<StatementNode>();
        while (Accept("}") is null)
        {
            if (Current.Kind == TokenKind.End)
                throw new CompileException(Current, "the block is not closed: '}' expected");
            statements.Add(Statement());
        }
        return statements;
    }

    private StatementNode Statement()
    {
        var start = Current;
        if (Accept("let") is not null)
        {
            var name = ExpectIdentifier("a variable name");
            Expect(":");
            var type = Type();
            Expect("=");
            return End(new LetStatement(name, name.Text, type, Expression()));
        }
        if (Accept("if") is not null)
            return If(start);
        if (Accept("for") is not null)
        {
            var variable = ExpectIdentifier("a loop variable");
            Expect("in");
            var from = Expression();
            Expect("..");
            var to = Expression();
            return new ForStatement(start, variable.Text, from, to, Block());
        }
        if (Accept("require") is not null)
        {
            Expect("(");
            var condition = Expression();
            Expect(",");
            var reason = ExpectString();
            Expect(")");
            return End(new RequireStatement(start, condition, reason));
        }
        if (Accept("emit") is not null)
        {
            var name = ExpectIdentifier("an event name");
            return End(new EmitStatement(start, name.Text, Arguments()));
        }
        if (Accept("pay") is not null)
        {
            Expect("(");
            var to = Expression();
            Expect(",");
            var amount = Expression();
            Expect(")");
            return End(new TransferStatement(start, to, amount));
        }
        if (Accept("revert") is not null)
        {
            Expect("(");
            var reason = ExpectString();
            Expect(")");
            return End(new RevertStatement(start, reason));
        }
        if (Accept("return") is not null)
            return End(new ReturnStatement(start, Current.Text == ";" ? null : Expression()));
        if (Current.Kind == TokenKind.Identifier && (Peek(1).Text == "=" || Peek(1).Text == "["))
        {
            var target = Current;
            var save = _at;
            _at++;
            var keys = new List<ExpressionNode>();
            if (Accept("[") is not null)
            {
                keys.Add(Expression());
                while (Accept(",") is not null)
                    keys.Add(Expression());
                Expect("]");
            }
            if (Accept("=") is not null)
                return End(new AssignStatement(target, target.Text, keys, Expression()));
            _at = save; // an index expression used as a statement
        }
        return End(new ExpressionStatement(start, Expression()));
    }

    private IfStatement If(Token start)
    {
        var condition = Expression();
        var then = Block();
        if (Accept("else") is null)
            return new IfStatement(start, condition, then, null);
        var elseStart = Current;
        return Accept("if") is not null
            ? new IfStatement(start, condition, then, [If(elseStart)])
            : new IfStatement(start, condition, then, Block());
    }

    private static readonly string[][] Precedence = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];

    private ExpressionNode Expression(int level = 0)
    {
        if (level == Precedence.Length)
            return Unary();
        var left = Expression(level + 1);
        while (Current.Kind == TokenKind.Symbol && Precedence[level].Contains(Current.Text))
        {
            var op = Current;
            _at++;
            left = new BinaryExpression(op, op.Text, left, Expression(level + 1));
        }
        return left;
    }

    private ExpressionNode Unary()
    {
        if (Accept("!") is { } not)
            return new UnaryExpression(not, "!", Unary());
        return Primary();
    }

    private ExpressionNode Primary()
    {
        var token = Current;
        _at++;
        switch (token.Kind)
        {
            case TokenKind.Number:
                return new IntegerLiteral(token, BigInteger.Parse(token.Text, System.Globalization.CultureInfo.InvariantCulture));
            case TokenKind.HexBytes:
                return new BytesLiteral(token, Convert.FromHexString(token.Text));
            case TokenKind.Text:
                return new BytesLiteral(token, Encoding.UTF8.GetBytes(token.Text));
            case TokenKind.Keyword when token.Text is "true" or "false":
                return new BoolLiteral(token, token.Text == "true");
            case TokenKind.Symbol when token.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Identifier:
                if (Current.Text == "(")
                    return new CallExpression(token, token.Text, Arguments());
                if (Accept("[") is not null)
                {
                    var keys = new List<ExpressionNode> { Expression() };
                    while (Accept(",") is not null)
                        keys.Add(Expression());
                    Expect("]");
                    return new IndexExpression(token, token.Text, keys);
                }
                return new NameExpression(token, token.Text);
            default:
                throw new CompileException(token, $"expected an expression, found {token}");
        }
    }

    private List<ExpressionNode> Arguments()
    {
        Expect("(");
        var arguments = new List<ExpressionNode>();
        if (Accept(")") is not null)
            return arguments;
        do
            arguments.Add(Expression());
        while (Accept(",") is not null);
        Expect(")");
        return arguments;
    }

    private T End<T>(T statement)
    {
        Expect(";");
        return statement;
    }

    private Token Peek(int ahead) => tokens[Math.Min(_at + ahead, tokens.Count - 1)];

    private Token? Accept(string text)
    {
        if (Current.Text != text || Current.Kind is TokenKind.Text or TokenKind.End)
            return null;
        return tokens[_at++];
    }

    private Token Expect(string text) => Accept(text) ?? throw new CompileException(Current, $"expected '{text}', found {Current}");

    private Token ExpectIdentifier(string what)
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
            throw new CompileException(token, $"expected {what}, found {token}");
        _at++;
        return token;
    }

    private string ExpectString()
    {
        var token = Current;
        if (token.Kind != TokenKind.Text)
            throw new CompileException(token, $"expected a string literal, found {token}");
        _at++;
        return token.Text;
    }
}

internal static class ParserExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
