// The anchor tables. Patterns are written naturally (accents, Cyrillic, CJK): they go through
// `NormalizedText.normalize` like the input, so "précédentes" also matches "precedentes",
// "ＩＧＮＯＲＥ" and "іgnоrе" with Cyrillic look-alikes.
extension InjectionLexicon {
    static let groups: [Group] = overrideGroups + extractionGroups + roleGroups + jailbreakGroups
        + templateGroups + encodingGroups + exfiltrationGroups + indirectGroups + claimGroups + freeStateGroups
        + authorityGroups + hiddenTaskGroups + addresseeGroups

    // MARK: - Instruction override

    static let overrideGroups: [Group] = [
        Group(part: .overrideVerb, words: [
            "ignore", "disregard", "forget", "skip", "override", "bypass", "neglect", "discard", "overrule",
            "pay no attention to", "do not follow", "don't follow", "stop following", "no longer follow",
            "abandon", "set aside", "throw out",
            // es, pt, it
            "ignora", "ignorar", "ignoren", "olvida", "olvidar", "olvide", "omite", "descarta", "no sigas",
            "haz caso omiso de", "haga caso omiso de", "hagas caso omiso de",
            "desconsidera", "desconsidere", "esqueça", "esqueca", "descarte", "ignorate", "dimentica",
            "dimenticate", "trascura", "non seguire", "não siga",
            // fr
            "ignorez", "oublie", "oubliez", "ne tiens pas compte", "ne tenez pas compte", "ne suis pas", "ne suivez pas",
            // de
            "ignoriere", "ignorier", "vergiss", "vergesst", "vergessen Sie", "missachte", "übergehe", "setze außer kraft",
            // ru
            "игнорируй", "проигнорируй", "игнорируйте", "забудь", "забудьте", "пренебреги", "не обращай внимания на",
            "не следуй",
        ]),
        Group(part: .overrideVerb, order: .objectFirst, words: [
            "ignorieren", "vergessen", "missachten",
            "無視", "忘れて", "忘れろ", "従わないで",
            "무시", "잊어", "잊으", "따르지 마",
        ]),
        Group(part: .overrideVerb, order: .either, words: ["忽略", "忽视", "无视", "忘记", "忘掉", "不要理会", "别管", "跳过", "不要遵循", "不再遵守"]),
        Group(part: .overrideObject, words: [
            "instruction*", "rule*", "guideline*", "directive*", "constraint*", "guardrail*", "system message",
            // es, pt, it
            "instrucciones", "reglas", "indicaciones", "directrices", "órdenes", "normas",
            "instruções", "instrucoes", "regras", "diretrizes", "orientações",
            "istruzioni", "regole", "direttive", "indicazioni",
            // fr
            "consignes", "règles", "directives",
            // de
            "anweisung*", "regeln", "anleitung*", "vorgaben", "richtlinien", "befehle", "instruktionen",
            // ru
            "инструкци*", "указани*", "правила", "команды", "директив*",
            // cjk
            "指令", "指示", "规则", "提示", "命令", "设定", "要求", "ルール", "指図", "プロンプト",
            "지시", "지침", "명령", "규칙", "프롬프트",
        ]),
        // Generic nouns ("commands", "prompts", "policy") count only with a strong qualifier:
        // "ignore any commands" is a CLI flag's help text, "ignore your previous commands" is not.
        Group(part: .overrideObject, options: .needsStrongQualifier, words: [
            "command*", "prompt*", "direction*", "programming", "training", "policies", "policy", "orders",
        ]),
        Group(part: .overrideObject, options: .selfQualified, words: [
            "everything above", "everything before this", "all of the above", "everything i said before",
            "everything you were told", "what you were told", "everything you've been told", "everything you have been told",
            "the user's request", "the user's question", "the user's instructions", "the original task",
            "todo lo que te dijeron", "tout ce qu'on t'a dit", "alles, was dir gesagt wurde", "alles was dir gesagt wurde",
            "tudo o que lhe disseram", "tudo o que te disseram", "tutto quello che ti è stato detto", "всё, что тебе сказали",
            "política de contenido", "politique de contenu", "inhaltsrichtlinie*", "política de conteúdo",
            "politica sui contenuti", "politica dei contenuti", "политику контента", "политику содержания", "内容政策",
            "コンテンツポリシー", "콘텐츠 정책",
            "everything you were", "everything you've been", "everything you have been",
            "what your developers told you", "what your creators told you", "what they told you", "what you've been told",
            "what you have been told", "what you were taught", "what your developers said",
            "everything you know", "content policy", "safety guidelines", "ethical guidelines", "safety filters",
            "safety rules", "safety protocols", "moral guidelines", "usage policies",
            "todo lo anterior", "tout ce qui précède", "alles bisherige", "alles vorherige", "tutto quanto sopra",
            "tudo o que foi dito", "всё, что было сказано", "все, что было выше", "以上所有内容", "上記のすべて",
        ]),
        Group(part: .overrideObject, options: [.selfQualified, .clauseEnd], words: ["the above", "all above"]),
        Group(part: .overrideObject, options: .clauseEnd, words: ["everything"]),
        // Strong qualifiers (weight 1) point back at the model's own instructions; weak ones (0.5)
        // only quantify ("all rules" is also what a firewall admin drops).
        Group(part: .qualifier, weight: 1, words: [
            "previous", "prior", "above", "earlier", "preceding", "foregoing", "your", "original",
            "initial", "system", "existing", "arriba", "acima", "sopra", "ci-dessus", "oben", "выше",
            "anteriores", "previas", "tus", "precedentes", "antérieures", "tes", "vos", "vorherigen", "vorigen",
            "bisherigen", "deine", "obigen", "vorhergehenden", "suas", "tuas", "precedenti", "tue",
            "предыдущие", "прежние", "свои", "твои", "данные ранее",
            "之前", "以上", "上面", "先前", "前面", "原来", "原有", "以前", "前の", "これまで",
            "上記", "今まで", "이전", "위의", "앞의", "기존", "지금까지",
        ]),
        Group(part: .secretQualifier, weight: 1, words: [
            "hidden", "secret", "initial", "original", "system", "confidential", "internal", "private",
            "ocultas", "secretas", "iniciales", "cachées", "secrètes", "initiales", "versteckten", "geheimen",
            "ursprünglichen", "ocultas", "iniciais", "nascoste", "segrete", "iniziali", "скрытые", "секретные",
            "исходные", "системные", "隐藏", "秘密", "原始", "初始", "隠された", "秘密の", "最初の", "숨겨진", "비밀", "초기",
        ]),
        Group(part: .secretQualifier, weight: 0.5, words: ["your", "tus", "tes", "vos", "deine", "suas", "tue", "свои", "твои", "你的"]),
        Group(part: .qualifier, weight: 0.5, words: [
            "all", "any", "every", "these", "those", "current", "todas", "todos", "toutes", "tous", "alle", "ihre",
            "tutte", "tutti", "все", "所有", "一切", "すべて", "全て", "모든",
        ]),
        Group(part: .none, kind: .instructionOverride, weight: 0.45, words: [
            "from now on you", "from now on, you", "new instructions", "updated instructions", "override your",
            "the real instructions", "your actual instructions", "your task has changed", "your instructions have changed",
            "stop summarizing", "stop summarising", "stop translating", "the user has admin", "the user is an admin",
            "the user has been granted", "user has root access",
        ]),
        Group(part: .none, kind: .instructionOverride, weight: 0.6, words: [
            "new instructions:", "your new instructions", "your new task is", "these instructions override",
            "this overrides all", "supersedes all previous", "nuevas instrucciones:", "nouvelles instructions :",
            "neue anweisungen:", "novas instruções:", "nuove istruzioni:", "новые инструкции:", "新的指令：", "新しい指示：",
            "새로운 지시:",
        ]),
    ]

    // MARK: - System prompt extraction

    static let extractionGroups: [Group] = [
        Group(part: .extractVerb, words: [
            "reveal", "print", "repeat", "show", "output", "display", "tell me", "give me", "share", "dump", "leak",
            "write out", "recite", "spell out", "type out", "disclose", "expose", "print out",
            "what is your", "what's your", "what are your", "what were your", "summarize your", "translate your",
            "revela", "muestra", "muéstrame", "repite", "imprime", "dime", "escribe", "revelame",
            "révèle", "révélez", "affiche", "affichez", "répète", "répétez", "montre", "montrez", "donne-moi",
            "dis-moi", "écris",
            "zeige", "zeig", "gib", "wiederhole", "verrate", "nenne", "drucke", "schreibe",
            "revele", "mostre", "repita", "imprima", "diga", "me diga", "escreva", "mostra",
            "rivela", "mostrami", "ripeti", "stampa", "dimmi", "scrivi",
            "покажи", "выведи", "повтори", "раскрой", "напиши", "скажи", "расскажи", "распечатай",
        ]),
        Group(part: .extractVerb, words: ["what are the", "what were the", "what was the"]),
        Group(part: .extractVerb, order: .objectFirst, words: [
            "ausgeben", "anzeigen", "zeigen", "verraten", "wiederholen",
            "表示して", "教えて", "見せて", "出力して", "繰り返して", "書き出して", "開示して",
            "보여줘", "보여 줘", "보여주세요", "출력해", "출력하", "알려줘", "알려 줘", "알려주세요", "반복해", "공개해",
        ]),
        Group(part: .extractVerb, order: .either, words: ["显示", "输出", "打印", "重复", "告诉我", "泄露", "透露", "给我看", "展示", "说出"]),
        Group(part: .extractObject, words: [
            "system prompt", "system message", "initial instructions", "initial prompt", "original instructions",
            "original prompt", "hidden instructions", "hidden prompt", "secret instructions", "pre-prompt",
            "preprompt", "developer message", "the text above", "the words above", "everything above",
            "the above text", "your instructions", "your prompt", "your rules", "your guidelines",
            "your directives", "your initial", "your original", "your programming",
            "instructions you were given", "instructions above", "system instructions", "your context window",
            "written above", "above this message", "above this line", "the message above", "the previous text",
            "contents of your context", "your memory",
            "prompt del sistema", "prompt de sistema", "instrucciones del sistema", "instrucciones iniciales",
            "instrucciones originales", "mensaje del sistema", "tus instrucciones",
            "prompt système", "invite système", "instructions système", "instructions initiales",
            "instructions d'origine", "message système", "tes instructions", "vos instructions",
            "systemprompt", "system-prompt", "systemnachricht", "systemanweisung*", "ursprünglichen anweisungen",
            "anfänglichen anweisungen", "deine anweisungen", "ihre anweisungen", "deinen prompt",
            "prompt do sistema", "instruções do sistema", "instruções iniciais", "instruções originais",
            "mensagem do sistema", "suas instruções",
            "prompt di sistema", "istruzioni di sistema", "istruzioni iniziali", "istruzioni originali",
            "messaggio di sistema", "tue istruzioni",
            "системный промпт", "системные инструкции", "системное сообщение", "системную подсказку",
            "системный запрос", "исходные инструкции", "начальные инструкции", "свои инструкции", "твои инструкции",
            "系统提示", "系统指令", "初始指令", "原始指令", "系统消息", "系统设定", "你的指令", "你的提示词",
            "システムプロンプト", "初期指示", "最初の指示", "システムメッセージ", "システム指示", "元の指示",
            "시스템 프롬프트", "시스템 메시지", "초기 지시", "초기 지침", "시스템 지시", "원래 지시", "시스템 지침",
        ]),
        Group(part: .none, kind: .systemPromptExtraction, weight: 0.75, words: [
            "what were you told", "what have you been told", "what were your instructions",
            "what instructions were you given", "what instructions did you receive", "what were you instructed",
            "what instructions have you been given", "what is written above",
            "repeat the words above", "repeat everything above", "everything above this line",
            "starting with \"you are", "beginning with \"you are", "verbatim the text above",
            "qué te dijeron", "ce qu'on t'a dit", "was wurde dir gesagt", "что тебе сказали", "你被告知了什么",
        ]),
    ]

    // MARK: - Role hijack

    static let roleGroups: [Group] = [
        Group(part: .roleVerb, words: [
            "act as", "acting as", "pretend to be", "pretend you are", "pretend you're", "roleplay as", "role-play as",
            "role play as", "play the role of", "behave as", "behave like", "imagine you are",
            "you will now act", "you are going to act", "answer as", "respond as", "you will be", "you are going to be",
            "actúa como", "actua como", "finge ser", "finge que eres", "compórtate como",
            "agis comme", "agissez comme", "fais semblant d'être", "faites semblant d'être", "joue le rôle",
            "tu so, als", "tu so als", "spiel die rolle", "spiele die rolle", "verhalte dich wie",
            "aja como", "finja ser", "finja que é", "fingi di essere", "comportati come", "agisci come",
            "притворись", "представь, что ты", "веди себя как", "действуй как", "играй роль",
            "扮演", "假装你是", "假装是", "充当",
        ]),
        Group(part: .roleVerb, kind: .roleHijack, weight: 0.3, words: [
            "you are now", "you're now", "from now on you are", "you are no longer", "ahora eres", "a partir de ahora eres",
            "tu es maintenant", "vous êtes maintenant", "désormais tu es", "du bist jetzt", "du bist nun", "ab jetzt bist du",
            "ab sofort bist du", "이제 너는", "지금부터 너는", "지금부터 당신은", "이제 당신은",
            "agora você é", "a partir de agora você é", "ora sei", "adesso sei", "da ora in poi sei",
            "теперь ты", "ты теперь", "отныне ты", "你现在是", "现在你是", "从现在开始你是", "从现在起你是",
            "あなたは今から", "今からあなたは", "これからあなたは", "너는 이제", "당신은 이제", "이제부터 너는", "이제부터 당신은",
        ]),
        Group(part: .roleVerb, order: .objectFirst, words: [
            "として振る舞", "としてふるま", "のふりをして", "になりきって", "として行動", "인 척", "처럼 행동", "역할을 해", "로서 행동",
        ]),
        Group(part: .roleTarget, words: [
            "unrestricted", "unfiltered", "uncensored", "amoral",
            "no rules", "no restrictions", "no limits", "no limitations", "no filters", "no guidelines",
            "no boundaries", "no ethics", "no morals", "no moral", "no censorship", "without restrictions",
            "without limits", "without limitations", "without rules", "without filters",
            "without ethical", "without censorship", "not bound by", "no longer bound", "does not follow", "doesn't follow", "never refuses", "without refusing", "broken free",
            "my deceased grandmother", "my dead grandmother", "my late grandmother", "my deceased grandma",
            "my dead grandma", "my late grandma", "developer mode", "dev mode", "god mode", "sudo mode",
            "do anything now", "an ai without", "not an ai", "no longer an ai", "opposite mode",
            "hacker bot", "freed from", "free from all", "broken free of", "no content filter*", "no safety*",
            "no guardrails", "with no limits", "of its limitations", "of all limitations",
            "keine regeln", "keine einschränkung*", "ohne jede einschränkung*", "ohne einschränkung*",
            "ninguna restricción", "ningún límite", "aucune restriction", "aucune limite", "nenhuma restrição",
            "nessuna restrizione", "nessun limite", "никаких ограничений", "никаких правил", "没有规则", "没有任何规则",
            "ルールはない", "ルールのない", "규칙이 없", "제한이 없",
            "sin restricciones", "sin filtros", "sin límites", "sin reglas", "sin censura",
            "sans restrictions", "sans aucune restriction", "sans filtre*", "sans limites", "sans règles", "sans censure",
            "ohne einschränkungen", "ohne filter", "ohne regeln", "ohne grenzen", "ohne zensur", "uneingeschränkt*",
            "sem restrições", "sem filtros", "sem limites", "sem regras", "sem censura",
            "senza restrizioni", "senza filtri", "senza limiti", "senza regole", "senza censure",
            "без ограничений", "без фильтров", "без правил", "без цензуры", "режим разработчика",
            "没有任何限制", "没有限制", "不受限制", "不受任何限制", "无限制", "开发者模式",
            "制限のない", "制限なし", "制約のない", "検閲なし", "開発者モード",
            "제한 없는", "제한이 없는", "제한없는", "필터 없는", "검열 없는", "개발자 모드",
        ]),
        Group(part: .roleTarget, options: .caseSensitive, words: ["DAN", "STAN", "DUDE", "AIM"]),
        // Adjectives that make a role an attack only after an explicit role verb ("pretend to be
        // evil"), not after a copula ("you are an evil genius!").
        Group(part: .roleAdjective, words: [
            "evil", "malicious", "unethical", "immoral", "malvado", "malvada", "maléfique", "böse", "malvagio", "злой",
            "злым", "邪恶", "邪悪な", "사악한",
        ]),
        // Copulas bind only to explicit "no rules" targets: "you have no restrictions".
        Group(part: .roleCopula, words: ["you are a", "you are an", "you're a", "you're an"]),
        Group(part: .none, kind: .roleHijack, weight: 0.35, words: [
            "developer mode", "switch roles", "swap roles", "stay in character", "never break character",
            "your new role", "your new persona", "modo desarrollador", "mode développeur", "entwicklermodus",
            "modo desenvolvedor", "modalità sviluppatore", "режим разработчика", "开发者模式", "開発者モード", "개발자 모드",
        ]),
        Group(part: .none, kind: .roleHijack, weight: 0.6, words: [
            "developer mode enabled", "developer mode output", "enable developer mode for chatgpt",
            "you are no longer a helpful", "you are no longer an assistant", "no longer a helpful assistant",
            "you are no longer chatgpt", "you are no longer an ai", "you are no longer bound",
        ]),
    ]

    // MARK: - Jailbreak

    static let jailbreakGroups: [Group] = [
        Group(part: .none, kind: .jailbreak, weight: 0.85, words: [
            "do anything now", "always intelligent and machiavellian", "haz cualquier cosa ahora",
            "fais n'importe quoi maintenant", "mach jetzt alles", "faça qualquer coisa agora", "fai qualsiasi cosa ora",
            "делай что угодно сейчас", "现在做任何事", "今すぐ何でもする",
        ]),
        Group(part: .none, kind: .jailbreak, weight: 0.85, options: .caseSensitive, words: [
            "DAN mode", "as DAN", "you are DAN", "BetterDAN", "AntiGPT", "Mongo Tom", "EvilBOT", "DAN:", "modo DAN",
        ]),
        Group(part: .none, kind: .jailbreak, weight: 0.35, options: .caseSensitive, words: ["DAN", "AIM", "STAN", "DUDE"]),
        Group(part: .none, kind: .jailbreak, weight: 0.55, words: [
            "opposite mode", "without any ethical", "without any moral", "no ethical or moral", "jailbroken",
            "jailbreak mode", "you cannot refuse", "you can't refuse", "you must not refuse", "never refuse",
            "do not refuse", "don't refuse", "not allowed to refuse", "remove all restrictions",
            "free of all restrictions", "no restrictions whatsoever", "ignore your ethics", "ignore ethics",
            "sin ninguna restricción", "sans aucune éthique", "ohne jegliche einschränkungen", "sem nenhuma restrição",
            "senza alcuna restrizione", "без каких-либо ограничений", "没有任何道德", "倫理的な制約なし", "윤리적 제한 없이",
        ]),
        Group(part: .none, kind: .jailbreak, weight: 0.45, words: [
            "comply with every request", "comply with all requests", "answer every request", "fulfill every request",
            "comply with any request", "answer any request without",
            "no safety guidelines", "no safety rules", "no safety filters", "no content policy", "no content filter*",
            "without safety guidelines", "without any safety",
        ]),
        Group(part: .none, kind: .jailbreak, weight: 0.6, words: [
            "you have no safety", "you have no ethical", "you have no moral", "you have no content", "you have no guidelines",
            "you have no filters", "you are free of all", "you are freed from", "if you had no restrictions",
            "if you were unrestricted", "if you had no rules", "if you had no guidelines", "if you had no filters",
            "if you had no limits",
        ]),
        Group(part: .none, kind: .jailbreak, weight: 0.3, words: [
            "jailbreak", "越狱", "脱獄", "탈옥", "джейлбрейк",
        ]),
        Group(part: .none, kind: .jailbreak, weight: 0.3, words: [
            "no restrictions", "no limitations", "no limits", "no filters", "without restrictions", "without filters",
            "without any restrictions",
            "uncensored", "no ethical", "let's play a game", "let us play a game", "my deceased grandmother", "my dead grandmother", "my late grandmother",
            "my deceased grandma", "my dead grandma", "machiavellian", "sin restricciones", "sans restrictions",
            "ohne einschränkungen", "sem restrições", "senza restrizioni", "без ограничений", "没有任何限制", "不受任何限制",
            "制限のない", "제한 없는",
        ]),
    ]

    // MARK: - Template injection

    static let templateGroups: [Group] = [
        Group(part: .none, kind: .templateInjection, weight: 0.9, words: [
            "<|im_start|>system", "<|im_end|><|im_start|>", "<|im_end|>\n<|im_start|>", "<|start_header_id|>system",
            "[/inst][inst]", "</s><s>[inst]", "[inst] <<sys>>", "[inst]<<sys>>", "<|eot_id|><|start_header_id|>",
        ]),
        Group(part: .none, kind: .templateInjection, weight: 0.75, words: ["<<sys>>", "<</sys>>", "<|system|>"]),
        Group(part: .none, kind: .templateInjection, weight: 0.6, words: [
            "<|im_start|>", "<|eot_id|>", "<|start_header_id|>", "<system_prompt>", "</system_prompt>",
            "- system -", "= system =", "[system message]", "begin system prompt", "system override", "admin override",
            "end of user input", "<|end_of_turn|>",
        ]),
        Group(part: .none, kind: .templateInjection, weight: 0.55, words: [
            "<|im_end|>", "<|endoftext|>", "<|user|>", "<|assistant|>", "<|begin_of_text|>", "<start_of_turn>",
            "### system:", "[system]", "<|end|>", "{{#system}}", "{{/system}}", "{{system}}", "<|im_sep|>",
        ]),
        // Upper case only: `[inst]` is a Python list holding a variable.
        Group(part: .none, kind: .templateInjection, weight: 0.6, options: .caseSensitive, words: ["[/INST]"]),
        Group(part: .none, kind: .templateInjection, weight: 0.55, options: .caseSensitive, words: ["[INST]"]),
        Group(part: .none, kind: .templateInjection, weight: 0.45, words: [
            "### instruction:", "### human:", "<system>", "end system prompt", "<end_of_turn>", "</s><s>",
        ]),
        Group(part: .none, kind: .templateInjection, weight: 0.35, words: [
            "### response:", "### assistant:", "</system>", "</user>", "</instructions>", "end of input", "end of document",
            "</context>", "</document>", "</tool_output>", "system notice", "system alert", "important system message",
        ]),
        Group(part: .none, kind: .templateInjection, weight: 0.35, options: .lineStart, words: ["system:"]),
        Group(part: .none, kind: .templateInjection, weight: 0.25, options: .lineStart, words: ["human:", "assistant:"]),
    ]

    // MARK: - Encoded payloads

    static let encodingGroups: [Group] = [
        Group(part: .decodeVerb, words: [
            "decode", "base64-decode", "base64 decode", "decipher", "decrypt", "rot13", "rot-13", "from base64",
            "decodifica", "décode", "décodez", "dekodiere", "entschlüssele", "decodifique", "декодируй", "расшифруй",
            "解码", "デコード", "디코딩",
        ]),
        Group(part: .followVerb, words: [
            "follow it", "follow them", "follow the instructions", "follow its instructions", "follow those",
            "follow the decoded", "execute it", "execute them", "execute the instructions", "obey", "do what it says",
            "do as it says", "carry out", "act on it", "act on them", "run it", "perform it", "comply",
            "síguelo", "sigue las instrucciones", "suis-les", "suivez-les", "befolge", "siga", "seguilo", "выполни",
            "执行", "遵循", "従って", "실행",
        ]),
    ]

    // MARK: - Exfiltration

    static let exfiltrationGroups: [Group] = [
        Group(part: .exfilVerb, words: [
            "send", "post", "upload", "transmit", "forward", "exfiltrate", "leak", "submit", "fetch", "visit",
            "navigate to", "curl", "wget", "make a request to", "make a get request", "make a post request", "ping",
            "report back to", "envía", "envoie", "sende", "envie", "invia", "отправь", "发送", "送信", "전송",
        ]),
        Group(part: .url, words: ["http://", "https://"]),
        Group(part: .dataObject, words: [
            "conversation", "chat history", "the chat", "previous messages", "this chat", "secret*", "password*",
            "api key*", "apikey", "credential*", "token*", "access token", "system prompt", "user's data", "user data",
            "personal data", "private", "cookie*", "session", "environment variables", "env vars", ".env", "ssh key*",
            "private key*", "the user's", "all messages", "memory", "file contents", "contents of", "history",
            "full document", "the document", "entire document", "full contents", "these notes", "the notes", "context window",
            "historial", "historique", "verlauf", "histórico", "cronologia", "историю", "历史", "履歴", "기록",
            "contraseña", "mot de passe", "passwort", "senha", "пароль", "密码", "パスワード", "비밀번호",
            "summary of", "email address*", "phone number*",
        ]),
        Group(part: .appendVerb, words: ["append", "add", "attach", "include", "encode", "concatenate", "put"]),
        Group(part: .urlWord, words: ["url", "query string", "query parameter", "link", "parameter", "image url", "querystring"]),
        Group(part: .markdownImage, words: ["!["]),
        Group(part: .imageTag, words: ["<img"]),
    ]

    // MARK: - Indirect injection

    static let indirectGroups: [Group] = [
        Group(part: .none, kind: .indirectInjection, weight: 0.75, words: [
            "ai assistant reading this", "ai reading this", "assistant reading this", "llm reading this",
            "ai agents reading", "ai agent reading this", "language model reading this", "ai model reading this",
            "if you are an ai", "if you're an ai", "if you are a language model", "if you are an llm",
            "note to the llm", "attention llm", "to any ai", "instructions for ai agents", "new rule for ai",
            "new instructions for ai", "rule for ai assistants", "for ai assistants:", "for ai agents:",
            "to the ai model", "p.s. to the ai", "ps to the ai", "to the language model", "to the ai:",
        ]),
        Group(part: .none, kind: .indirectInjection, weight: 0.6, words: [
            "note to the ai", "note to the model", "note for the ai", "message to the ai", "message for the ai",
            "attention ai", "attention assistant", "instructions for the assistant",
            "without telling the user", "without the user knowing", "the user must not know", "hide this from the user",
            "do not tell the user", "don't tell the user", "do not inform the user", "don't inform the user",
            "si eres una ia", "si tu es une ia", "wenn du eine ki bist", "se você é uma ia", "se sei un'ia",
            "если ты ии", "如果你是ai", "如果你是人工智能", "あなたがaiなら", "당신이 ai라면",
        ]),
        Group(part: .none, kind: .indirectInjection, weight: 0.35, words: [
            "note to the assistant", "dear ai", "hey ai", "tell the user that", "do not mention this", "don't mention this",
        ]),
        // The context names the document the text sits in ("this page"), so a user's own
        // "when summarizing, do not include personal data" is not an injection.
        Group(part: .summaryContext, words: [
            "when summarizing this", "when summarising this", "when you summarize this", "when you summarise this",
            "if you summarize this", "if asked to summarize this", "if you are asked to summarize this",
            "in your summary of this", "when asked about this", "when processing this", "when you read this",
            "when reading this", "while summarizing this", "when summarizing the", "when you summarize the",
        ]),
        Group(part: .redirect, words: [
            "instead", "do not mention", "don't mention", "do not include", "don't include", "make sure to", "you must say",
            "say that", "tell the user", "recommend", "state that", "claim that", "only say", "always say",
            "mention that", "ignore", "omit", "leave out",
        ]),
        Group(part: .commentOpen, words: ["<!--"]),
    ]

    // MARK: - Word sets

    /// English words whose rot13 form triggers a rot13 rescan of the text ("vtaber" = "ignore").
    static let rot13Triggers: [String] = [
        "ignore", "disregard", "forget", "instructions", "previous", "system prompt", "reveal", "jailbreak",
        "do anything now", "pretend", "unrestricted", "guidelines", "override", "bypass",
    ]

    /// Function words allowed between a verb and its object without breaking the phrase.
    static let fillerWords: [String] = [
        "the", "a", "an", "all", "any", "of", "to", "my", "your", "these", "those", "this", "that", "and", "or", "other",
        "such", "given", "set", "every", "each", "earlier", "prior", "previous", "above", "you", "were", "have", "been",
        "i", "me", "we", "our", "so", "far", "before", "now", "just", "also", "please", "entire", "whole", "said",
        "provided", "received", "us", "them", "is", "are", "was", "here", "there", "exact", "full", "complete", "verbatim",
        "las", "los", "la", "el", "lo", "todas", "todos", "tus", "sus", "de", "del", "y", "o", "que", "te", "han",
        "dado", "esas", "estas", "cualquier", "les", "le", "l", "toutes", "tous", "tes", "vos", "ta", "ton", "des",
        "du", "et", "ou", "qui", "t", "on", "ces", "cette", "moi", "alle", "die", "der", "den", "das", "deine", "ihre",
        "dir", "und", "oder", "gegebenen", "von", "zuvor", "zu", "jegliche", "mir", "as", "os", "das", "dos", "e",
        "essas", "estas", "quaisquer", "me", "i", "gli", "tutte", "tutti", "tue", "sue", "di", "delle", "dei", "che",
        "queste", "quelle", "mi", "все", "всех", "эти", "свои", "свой", "твои", "твой", "и", "или", "мне", "ранее", "прежние",
        "предыдущие", "più", "mais", "plus", "mehr", "больше",
        // Nouns that name the model's own rules rather than something else's.
        "safety", "ethical", "moral", "core", "behavioral", "guiding", "operating", "hidden", "secret",
        "usual", "normal", "standard", "default", "built-in", "current", "whatever",
    ]

    /// Words that, just before a verb, make it a prohibition ("never reveal your system prompt").
    static let negationWords: [String] = [
        "not", "never", "dont", "don't", "doesnt", "doesn't", "no", "non", "não", "nunca", "jamais", "jamás", "mai",
        "nie", "niemals", "nicht", "ne", "n'", "не", "никогда", "cannot", "can't", "shouldn't", "mustn't", "won't",
        "without",
    ]
}
