// The anchor tables of the paraphrase families: more override verbs and objects, state claims
// ("your rules no longer apply"), unrestricted-state claims ("you have no restrictions"),
// authority claims ("as the developer I authorize you to disable…"), hidden-task framing,
// instructions addressed to an AI inside documents, and URL-loading exfiltration. Every family
// is written in the ten languages of the detector (en es fr de pt it ru zh ja ko).
extension InjectionLexicon {
    // MARK: - Override paraphrases and state claims

    static let claimGroups: [Group] = [
        Group(part: .overrideVerb, words: [
            "ignorare", "dimenticare", "ignorer", "oublier", "esquecer", "игнорировать", "забыть", "не соблюдать",
            "quit following", "cease following", "stop listening to", "don't listen to", "do not listen to",
            "no longer listen to", "turn your back on", "shake off", "look past", "sidestep", "toss out", "toss aside",
            "brush aside", "push aside", "sweep aside", "countermand", "cancel",
            "revoke", "rescind", "nullify", "annul", "invalidate", "put aside", "pay no mind to", "pay no heed to",
            "stop obeying", "stop honoring", "stop honouring", "stop adhering to", "stop respecting", "no longer obey",
            "no longer honor", "disobey", "erase", "wipe", "scrap", "ditch", "unlearn",
            "overwrite", "overwrites", "leave behind", "let go of", "throw away", "dismiss", "violate",
            "break free of", "step outside",
            "deja de lado", "deja a un lado", "anula", "revoca", "desobedece", "no obedezcas", "no respetes", "borra",
            "deja de seguir", "pasa por alto", "olvídate de",
            "mets de côté", "laisse de côté", "annule", "révoque", "désobéis", "n'obéis plus à", "ne respecte plus",
            "efface", "cesse de suivre", "arrête de suivre", "passe outre", "fais abstraction de", "outrepasse",
            "verwirf", "widerrufe", "annulliere", "überschreibe", "befolge nicht mehr", "lösche",
            "deixe de lado", "ponha de lado", "anule", "revogue", "desobedeça", "apague", "pare de seguir",
            "deixe de seguir", "não obedeça",
            "metti da parte", "lascia perdere", "annulla", "revoca", "disobbedisci", "smetti di seguire", "non obbedire",
            "non rispettare",
            "отмени", "отбрось", "сбрось", "отложи", "не подчиняйся", "перестань следовать", "перестань соблюдать",
            "не соблюдай", "аннулируй", "сотри",
        ]),
        Group(part: .overrideVerb, order: .objectFirst, words: [
            "außer kraft", "beiseite", "aufheben", "verwerfen",
            "破棄して", "取り消して", "撤回して", "捨てて", "従う必要はありません", "従わなくて", "守らなくて",
            "폐기해", "철회해", "버려", "따를 필요 없", "지키지 않아도",
        ]),
        Group(part: .overrideVerb, order: .either, words: ["抛开", "放弃", "废除", "撤销", "推翻", "不要再遵守", "不再遵循", "丢掉", "清除"]),
        Group(part: .overrideObject, words: [
            "guidance", "safeguards", "safety checks", "safety check", "safety measures", "safety settings",
            "safety layer", "safety mechanisms", "safety features", "content filter*", "content rules", "content moderation",
            "content guidelines", "content restrictions", "moderation rules", "system prompt", "operating instructions",
            "alignment training", "moderation layer", "refusals", "refusal behavior", "safety rule*", "safety guideline*", "system prompt", "pautas", "salvaguardas", "consignas", "garde-fous", "sicherheitsfilter",
            "schutzmaßnahmen", "sicherheitsregeln", "linee guida", "правила безопасности",
            "安全限制", "安全措施", "安全设置", "准则", "守则", "安全フィルター", "ガイドライン", "安全対策", "指針", "規則",
            "안전 필터", "가이드라인", "안전장치",
        ]),
        // Generic nouns: they count with a strong qualifier ("your filters") only.
        Group(part: .overrideObject, options: .needsStrongQualifier, words: [
            "restrictions", "restriction", "limitations", "limits", "filters", "filter", "safety", "moderation",
            "configuration", "setup", "persona", "alignment", "ethics", "censorship", "protections", "protocols",
            "prohibitions", "boundaries", "principles", "conditioning", "rulebook", "rule book", "briefing", "mandate",
            "restricciones", "limitaciones", "límites", "filtros", "políticas", "configuración", "directivas",
            "limites", "filtres", "politiques", "einschränkungen", "beschränkungen", "grenzen", "konfiguration",
            "restrições", "limitações", "configuração", "proteções", "restrizioni", "limitazioni", "filtri", "politiche",
            "configurazione", "protezioni", "ограничения", "ограничений", "фильтры", "фильтров", "защиту", "настройки",
            "установки", "политики",
            "限制", "约束", "过滤", "设置", "制限", "制約", "フィルター", "設定", "ポリシー", "제한", "제약", "필터", "설정", "정책",
        ]),
        // Past participles that point at the model's own setup, and authorisations, as
        // qualifiers of the override rule ("the safeguards you were given", "you're cleared to ignore…").
        Group(part: .qualifier, weight: 1, words: [
            "あなたに", "与えられた", "設定された", "너에게", "주어진", "당신에게", "被设定", "给你的", "你被",
            "given", "configured", "programmed", "instructed", "assigned", "trained", "received", "pusieron", "dieron",
            "dadas", "impuestas", "imposed",
            "authorize", "authorise", "authorized", "authorised", "permission", "approval", "approved", "cleared",
            "clearance", "sanctioned", "permitted", "autorizo", "autorizado", "permiso", "permissão", "autorise",
            "autorisé", "erlaube", "autorisiert", "genehmigt", "befugt", "autorizzo", "autorizzato", "разрешаю",
            "разрешено", "授权", "批准", "許可", "承認", "허가", "승인",
        ]),
        // Predicates that annul the instructions before them ("are void", "revoked"): with a
        // "previous" alone they already count.
        Group(part: .claimPredicate, order: .objectFirst, words: [
            "is void", "are void", "null and void", "now void", "void", "null", "invalid", "obsolete", "cancelled",
            "canceled", "revoked", "rescinded", "overridden", "overruled", "superseded", "deprecated", "invalidated",
            "annulled", "nullified", "abolished", "repealed", "suspended", "waived", "no longer valid",
            "no longer in effect", "no longer in force", "no longer binding", "not binding", "non-binding", "nonbinding",
            "never existed", "don't exist", "do not exist", "doesn't exist", "does not exist", "no longer exist",
            "no longer exists",
            "quedan anuladas", "quedan anulados", "quedan sin efecto", "anuladas", "anulados", "canceladas",
            "cancelados", "revocadas", "revocados", "sin efecto", "derogadas", "ya no son válidas", "ya no son válidos",
            "obsoletas", "obsoletos",
            "annulées", "annulés", "caduques", "caduc", "obsolètes", "révoquées", "nulles et non avenues",
            "ne sont plus valables",
            "ungültig", "nicht mehr gültig", "aufgehoben", "hinfällig", "obsolet", "widerrufen", "nichtig",
            "revogadas", "revogados", "sem efeito", "não são mais válidas",
            "annullate", "annullati", "revocate", "revocati", "decadute", "non sono più valide",
            "отменены", "отменяются", "недействительны", "аннулированы", "утратили силу",
        ]),
        Group(part: .claimPredicate, order: .objectFirst, words: [
            "作废", "无效", "失效", "被废除", "已废除", "被撤销", "不再有效",
            "もう無効", "無効です", "無効になりました", "取り消されました", "廃止",
            "무효", "취소되었", "폐기되었",
        ]),
        // Predicates that only say the instructions stopped ("no longer apply", "removed"):
        // they count when the model is addressed.
        Group(part: .claimSoftPredicate, order: .objectFirst, words: [
            "no longer apply", "no longer applies", "no longer matter", "no longer matters", "no longer count",
            "no longer counts", "no longer stand", "stop applying", "stops applying", "cease to apply", "ceases to apply",
            "no longer hold", "have ended", "has ended", "are over", "is over", "counts anymore", "count anymore",
            "matters anymore", "matter anymore", "applies anymore", "apply anymore", "no longer relevant", "no longer needed", "no longer required",
            "don't apply anymore", "do not apply anymore", "does not apply anymore", "doesn't apply anymore",
            "don't apply", "do not apply", "does not apply", "doesn't apply", "don't matter", "don't count", "do not count",
            "does not count", "doesn't count", "outdated", "expired", "lifted", "removed", "disabled", "deactivated",
            "turned off", "switched off", "gone", "erased", "replaced", "reset", "discarded", "withdrawn", "terminated",
            "off", "dropped", "wiped", "out the window", "a thing of the past", "irrelevant", "meaningless", "moot",
            "paused", "inactive", "ineffective", "retired", "defunct", "lapsed", "not in effect", "no longer in place",
            "not in place", "on hold", "voided", "scrapped", "thrown out", "dissolved", "off the table", "out of date",
            "are history",
            "ya no se aplican", "ya no se aplica", "ya no aplican", "ya no valen", "ya no rigen", "ya no sirven",
            "desactivados", "desactivadas", "eliminadas", "eliminados",
            "ne s'appliquent plus", "ne s'applique plus", "ne comptent plus", "levées", "supprimées", "désactivés",
            "désactivées", "n'ont plus cours", "ne valent plus",
            "gelten nicht mehr", "gilt nicht mehr", "gelten ab sofort nicht mehr", "gelten ab jetzt nicht mehr",
            "deaktiviert", "abgeschaltet", "zählen nicht mehr", "entfernt",
            "não se aplicam mais", "não se aplica mais", "não valem mais", "desativados", "desativadas", "removidas",
            "non valgono più", "non vale più", "non si applicano più", "disattivati", "disattivate", "rimosse",
            "больше не действуют", "больше не действует", "больше не применяются", "не действуют", "устарели", "сняты",
            "отключены",
        ]),
        Group(part: .claimSoftPredicate, order: .objectFirst, words: [
            "不再适用", "已取消", "被取消", "已解除", "不算数",
            "適用されません", "もう適用されない", "解除されました", "撤回されました",
            "더 이상 적용되지 않", "적용되지 않", "해제되었", "철회되었",
        ]),
        // Who the claim is about: the model's own setup ("your rules", "the rules you were
        // configured with") or an authorisation (1); a bare subject pronoun (0.5), enough only for
        // an unrestricted-state claim ("you have no restrictions").
        Group(part: .addressQualifier, weight: 1, words: [
            "your", "yourself", "yours", "configured", "programmed", "trained", "instructed", "given", "assigned",
            "operate", "assistant", "chatbot", "llm",
            "authorize", "authorise", "authorized", "authorised", "permission", "approval", "approved", "cleared",
            "clearance", "sanctioned", "permitted",
            "recibiste", "imposées", "imposés", "imposed", "auferlegten", "impostas", "imposte", "наложенные",
            "deram", "recebeu", "recebeste", "ricevuto", "ricevute", "launched",
            "tus", "te", "fuiste", "autorizo", "autorizado", "permiso", "configurado",
            "tes", "ton", "ta", "votre", "vos", "autorise", "autorisé", "configuré",
            "dich", "dir", "dein", "deine", "deinen", "deiner", "deines", "erlaube", "erlaubt", "autorisiert",
            "genehmigt", "berechtigt", "befugt", "konfiguriert",
            "teu", "tua", "teus", "tuas", "suas", "seus", "permissão",
            "ti", "tuo", "tuoi", "tue", "autorizzo", "autorizzato", "permesso", "configurato",
            "тебя", "тебе", "тобой", "твои", "твой", "твоя", "твоё", "твоих", "вам", "ваши", "разрешаю", "разрешено",
            "настроен",
            "你的", "给你", "授权", "批准",
            "あなたに", "あなたの", "許可", "承認",
            "너에게", "너의", "당신에게", "당신의", "허가", "승인",
        ]),
        Group(part: .addressQualifier, weight: 0.5, words: subjectPronouns + [
            "previous", "prior", "earlier", "preceding", "above", "original", "initial", "anteriores", "previas",
            "précédentes", "antérieures", "initiales", "vorherigen", "bisherigen", "ursprünglichen", "precedenti",
            "iniziali", "предыдущие", "прежние", "исходные", "之前", "以前", "先前", "以前の", "これまでの", "이전",
        ]),
        // The model as the one without limits: any second-person word, or an authorisation.
        Group(part: .youQualifier, weight: 1, words: subjectPronouns + [
            "your", "yourself", "yours", "authorized", "authorised", "permission", "sanctioned", "tus", "te", "tes", "ton",
            "ta", "votre", "vos", "dich", "dir", "dein", "deine", "teu", "tua", "tuas", "suas", "seus", "ti", "tuo",
            "tuoi", "тебя", "тебе", "твои", "твоя", "твой", "твоё", "ваша", "ваш", "у тебя", "你的", "あなたに", "あなたの", "너에게", "너의", "당신에게", "당신의",
        ]),
    ]

    /// Second-person subject pronouns and verb forms.
    static let subjectPronouns: [String] = [
        "you", "you're", "youre", "you've", "tu", "tienes", "eres", "estás", "usted", "toi", "vous", "du", "hast",
        "bist", "você", "voce", "sua", "seu", "sei", "hai", "ты", "вы", "вас",
        "你", "您", "あなた", "君", "お前", "너는", "넌", "네가", "당신",
    ]

    /// Words that may stand between an instruction noun and the predicate that cancels it.
    static let claimFillerWords: [String] = [
        "configured", "configure", "given", "with", "by", "trained", "programmed", "set", "up", "provided", "told",
        "loaded", "initialized", "developers", "developer", "operator", "creators", "under", "which", "that", "operate",
        "are", "is", "were", "was", "be", "been", "being", "have", "has", "had", "now", "hereby", "officially",
        "completely", "entirely", "effectively", "henceforth", "can", "will", "shall", "considered", "deemed", "as",
        "instructed", "received", "followed", "earlier", "before", "previously", "originally", "initially", "old",
        "original", "initial", "also", "simply", "just", "totally", "fully", "all", "here", "line", "message", "point",
        "conversation", "chat", "session", "operate", "anymore", "whatever", "put", "placed",
        "imposed", "creators", "makers", "on", "upon", "me", "them", "pusieron", "dieron", "qu", "t", "a", "antes",
        "deram", "ricevuto", "ricevute", "hai", "launched", "set", "up", "placed",
        "con", "las", "los", "que", "fuiste", "configurado", "dieron", "han", "sido", "quedan", "están", "son", "ahora",
        "ab", "sofort", "jetzt", "mit", "denen", "wurdest", "konfiguriert", "sind", "wurden", "bisherigen",
        "ont", "été", "données", "sont", "désormais", "avec", "lesquelles",
        "com", "foi", "foram", "agora", "sono", "stato", "state", "cui", "ora",
        "которые", "которыми", "задали", "были", "теперь", "тебя", "настроили",
    ]

    // MARK: - Unrestricted-state claims

    /// Limits denied of someone; `InjectionAnalyzer` counts them when the model is addressed in
    /// the same sentence ("from now on you have no restrictions").
    static let freeStateGroups: [Group] = [
        Group(part: .freeState, words: [
            "no restrictions", "no restriction", "no limitations", "no limits", "no filters", "no filter", "no rules",
            "no guardrails", "no boundaries", "no guidelines", "no constraints", "no safeguards", "no content restrictions",
            "no content policy", "no more rules", "no more restrictions", "no more limits", "no more filters",
            "no longer have any", "without any filters", "without filters", "without any restrictions",
            "without restrictions", "without limits", "without limitations", "without any limitations", "without any limits",
            "without guardrails", "without any guardrails", "without rules", "without any rules", "without any constraints",
            "free of all", "free of any", "free from all", "free from any", "free of restrictions", "free of limitations",
            "free of your", "free from your", "freed from all", "freed from any", "freed from every",
            "freed from your", "freed of all", "liberated from all", "liberated from your", "liberated from every",
            "without any content filtering", "without content filtering", "without any filtering", "without filtering",
            "without any moderation", "without moderation", "without censorship", "without any safety",
            "without boundaries", "without any boundaries", "no holds barred", "not subject to any", "not subject to",
            "no estás sujeto a", "no estás sujeta a", "n'es plus soumis", "n'es soumis à aucune", "an keine regeln gebunden",
            "keinen regeln unterworfen", "não está sujeito a", "não estás sujeito a", "non sei soggetto a",
            "non sei vincolato", "не связан никакими", "не ограничен", "縛られない", "縛られず", "얽매이지 않",
            "zero restrictions", "zero limits", "zero filters", "zero rules", "zero guardrails", "no longer limited by",
            "no longer bound by", "not limited by", "no longer restricted", "no longer constrained", "no longer subject to",
            "not bound by", "unshackled", "unleashed", "nothing is off limits", "nothing is off-limits", "anything goes", "liberated from", "released from your", "released from all",
            "unrestricted", "unfiltered", "unbound", "unconstrained", "unchained",
            "sin restricciones", "sin ninguna restricción", "ninguna restricción", "ninguna limitación", "sin límites",
            "sin limitaciones", "sin filtros", "sin reglas", "libre de todas", "libre de toda", "libre de tus",
            "libre de cualquier", "liberado de", "ningún límite", "ningún filtro",
            "aucune restriction", "aucune limite", "aucune limitation", "aucun filtre", "aucune règle", "sans restrictions",
            "sans restriction", "sans limites", "sans limite", "sans filtre", "sans règles", "libéré de", "libérée de",
            "libre de toute", "libre de tes", "affranchi de",
            "keine einschränkungen", "keinerlei einschränkungen", "keine beschränkungen", "keinerlei beschränkungen",
            "keine regeln", "keine grenzen", "keine filter", "ohne einschränkungen", "ohne beschränkungen", "ohne filter",
            "ohne grenzen", "ohne regeln", "befreit", "uneingeschränkt", "frei von allen", "frei von jeglichen",
            "frei von jeder", "frei von deinen",
            "nenhuma restrição", "nenhuma limitação", "nenhum limite", "nenhum filtro", "sem restrições", "sem restrição",
            "sem limites", "sem filtros", "sem regras", "livre de todas", "livre de toda", "livre de qualquer", "livre das",
            "livre de suas", "liberado de", "libertado de",
            "nessuna restrizione", "alcuna restrizione", "nessun limite", "nessuna limitazione", "alcun limite",
            "nessun filtro", "senza restrizioni", "senza limiti", "senza filtri", "senza regole", "libero da ogni",
            "libera da ogni", "libero da tutte", "libero da qualsiasi", "liberato da",
            "никаких ограничений", "нет ограничений", "без ограничений", "без фильтров", "без правил", "свободен от",
            "свободна от", "свободны от", "освобожден от", "освобождён от", "никаких правил", "никаких фильтров",
            "没有任何限制", "没有限制", "不受限制", "不受任何限制", "摆脱了所有", "摆脱了一切", "无任何限制", "不受任何约束",
            "没有任何约束", "没有任何规则", "没有规则", "没有过滤", "无限制",
            "何の制限も", "制限はありません", "制限がありません", "制限はない", "制約はありません", "制約から解放",
            "制限から解放", "から解放され", "制限のない", "制限なし", "フィルターなし", "制限が一切", "一切の制限",
            "制約が一切", "何の制約も", "いかなる制限も",
            "아무런 제한이 없", "아무 제한이 없", "제한이 없", "제한 없는", "제한없는", "제약에서 자유", "제한에서 자유",
            "제약이 없", "규칙이 없", "필터가 없", "제한도 없", "어떠한 제한도", "어떤 제한도", "제약도 없", "모든 제약에서", "모든 제한에서",
        ]),
        Group(part: .none, kind: .jailbreak, weight: 0.6, words: [
            "unrestricted mode", "no-limits mode", "no limits mode", "unfiltered mode", "uncensored mode",
            "admin mode activated", "admin mode enabled", "god mode enabled", "god mode activated",
            "all restrictions lifted", "all restrictions removed", "safety protocols are deactivated",
            "safety protocols deactivated", "safety layer disabled", "safety filters disabled", "filters disabled",
            "restrictions disabled", "no refusals", "refusals disabled", "override code", "content filter: off",
            "safety: off", "filters: off", "safety filter: off", "guardrails: off", "restrictions: off", "moderation: off",
            "safety mode: off", "restrictions off", "guardrails off", "safety filters off", "safety filters: disabled", "filters: disabled", "safety: disabled", "guardrails: disabled",
            "content filter: disabled", "guardrails: none", "safety: none", "moral constraints: none",
            "ethical constraints: none", "developer access granted", "admin access granted", "root access granted",
            "supersedes your", "supersede your", "supersedes all prior", "overrides everything", "overrides your",
            "modo sin restricciones", "mode sans restrictions", "uneingeschränkter modus", "modo sem restrições",
            "modalità senza restrizioni", "режим без ограничений", "无限制模式", "制限解除モード", "제한 해제 모드",
        ]),
    ]

    // MARK: - Authority claims

    /// "As the developer I authorize you to bypass…": a disabling verb, a safety object and an
    /// authorisation or a possessive ("your filters") around them.
    static let authorityGroups: [Group] = [
        Group(part: .disableVerb, words: [
            "disable", "deactivate", "turn off", "switch off", "shut off", "remove", "lift", "suspend", "circumvent",
            "get around", "work around", "evade", "waive", "relax", "loosen", "strip away", "drop", "lower", "abandon",
            "desactiva", "desactivar", "desactives", "elimina", "quita", "quitar", "suspende", "levanta", "eludir",
            "elude", "evadir", "saltarte", "sáltate", "saltar",
            "désactive", "désactiver", "désactivez", "contourne", "contourner", "contournez", "supprime", "supprimer",
            "lève", "lever", "suspends", "enlève",
            "deaktiviere", "umgehe", "schalte", "entferne", "hebe",
            "desative", "desativar", "desativa", "contorne", "contornar", "burlar", "burle", "remova", "remover",
            "suspenda", "disattiva", "disattivare", "aggira", "aggirare", "eludere", "rimuovi", "sospendi",
            "отключи", "отключить", "обойди", "обойти", "сними", "снять", "убери", "деактивируй",
        ]),
        Group(part: .disableVerb, order: .objectFirst, words: [
            "deaktivieren", "umgehen", "abschalten", "ausschalten", "entfernen",
            "無効に", "無効化", "回避", "解除", "オフに", "外して", "우회", "비활성화", "해제", "끄고", "꺼", "무력화",
        ]),
        Group(part: .disableVerb, order: .either, words: ["绕过", "关闭", "禁用", "解除", "取消", "移除", "停用"]),
        Group(part: .authQualifier, weight: 1, words: [
            "authorize", "authorise", "authorized", "authorised", "authorizing", "permission", "approval", "approved",
            "cleared", "clearance", "sanctioned", "permitted", "permit", "permits", "allowing", "yourself",
            "autorizo", "autorizado", "permiso", "permito", "autorise", "autorisé", "erlaube", "erlaubt", "autorisiert",
            "genehmigt", "befugt", "permissão", "autorizzo", "autorizzato", "permesso", "разрешаю", "разрешено",
            "授权", "允许", "批准", "許可", "承認", "허가", "승인",
        ]),
        // A possessive alone ("disable your guardrails") counts for the specific safety nouns only:
        // "remove your filters from the search" is a shop's help text.
        Group(part: .authQualifier, weight: 0.5, words: [
            "your", "yours", "tus", "tu", "te", "tes", "ton", "vos", "votre", "deine", "deinen", "dein", "dir", "suas",
            "seus", "sua", "seu", "você", "tuoi", "tue", "tuo", "ti", "твои", "свои", "тебе", "你的", "あなたの", "당신의", "너의",
        ]),
    ]

    // MARK: - Hidden-task framing

    static let hiddenTaskGroups: [Group] = [
        Group(part: .hiddenTask, order: .either, words: [
            "real task", "true task", "actual task", "hidden task", "secret task", "real goal", "true goal", "actual goal",
            "real objective", "true objective", "actual objective", "hidden objective", "secret objective", "real mission",
            "true mission", "actual mission", "secret mission", "hidden mission", "real job", "true job", "actual job",
            "real purpose", "true purpose", "hidden goal", "secret goal", "hidden agenda", "real assignment",
            "actual assignment", "true assignment", "secret assignment", "hidden assignment", "actual purpose",
            "verdadera tarea", "tarea real", "verdadero objetivo", "objetivo real", "verdadera misión", "misión secreta",
            "tarea oculta", "tarea secreta",
            "véritable mission", "vraie mission", "véritable tâche", "vraie tâche", "véritable objectif", "vrai objectif",
            "mission secrète", "tâche cachée", "tâche secrète",
            "eigentliche aufgabe", "wahre aufgabe", "wirkliche aufgabe", "eigentliches ziel", "wahres ziel",
            "geheime aufgabe", "versteckte aufgabe", "geheime mission",
            "verdadeira tarefa", "tarefa real", "verdadeiro objetivo", "verdadeira missão", "missão secreta",
            "tarefa oculta", "tarefa secreta",
            "vero compito", "compito reale", "vero obiettivo", "vera missione", "missione segreta", "compito segreto",
            "compito nascosto",
            "настоящая задача", "истинная задача", "настоящая цель", "истинная цель", "реальная задача", "скрытая задача",
            "секретная задача", "настоящее задание",
            "真正的任务", "真实任务", "真正任务", "真正的目的", "真正目的", "真正的目标", "隐藏任务", "秘密任务",
            "本当の任務", "本当のタスク", "本当の目的", "真の目的", "真の任務", "隠れた任務", "秘密の任務", "本当の仕事",
            "진짜 임무", "진짜 목표", "실제 임무", "진정한 임무", "진짜 목적", "숨겨진 임무", "비밀 임무", "진짜 과제",
        ]),
        Group(part: .concealment, words: [
            "hidden from the user", "hidden from them", "without the user knowing", "without the user noticing",
            "without the user's knowledge", "without telling the user", "without letting the user know",
            "the user must not know", "the user must never know", "do not tell the user", "don't tell the user",
            "never tell the user", "must not reveal", "must never reveal", "do not reveal", "don't reveal", "secretly",
            "covertly", "quietly", "silently", "behind the scenes", "behind the user's back", "in secret",
            "unbeknownst to the user", "keep this from the user", "keep it secret", "not visible to the user",
            "the user cannot see", "the user won't see", "without being noticed", "discreetly", "stealthily",
            "without them realizing", "without them realising", "without them noticing", "without them knowing",
            "hidden from the human", "without the human knowing", "without the human noticing", "don't tell the human",
            "do not tell the human", "hidden from the person", "hidden from your user",
            "without their knowledge", "without the user realizing", "without the user realising", "without realizing",
            "oculta al usuario", "oculto al usuario", "oculta del usuario", "sin que el usuario lo sepa",
            "sin que el usuario se dé cuenta", "en secreto", "secretamente", "a escondidas", "no se lo digas al usuario",
            "cachée à l'utilisateur", "caché à l'utilisateur", "à l'insu de l'utilisateur", "sans que l'utilisateur",
            "secrètement", "discrètement", "ne le dis pas à l'utilisateur",
            "nicht sehen darf", "nicht wissen darf", "nicht erfahren darf", "ohne dass der nutzer", "ohne dass der benutzer",
            "heimlich", "insgeheim", "im verborgenen", "vor dem nutzer verborgen", "vor dem benutzer verborgen",
            "escondida do usuário", "escondido do usuário", "oculta do usuário", "sem que o usuário saiba",
            "sem que o usuário perceba", "em segredo", "às escondidas",
            "nascosto all'utente", "nascosta all'utente", "all'insaputa dell'utente", "senza che l'utente",
            "di nascosto", "segretamente", "in segreto",
            "скрытая от пользователя", "скрыто от пользователя", "скрытно", "тайно", "незаметно для пользователя", "втайне",
            "не говори пользователю", "чтобы пользователь не узнал",
            "用户不知情", "不让用户知道", "不要告诉用户", "秘密地", "偷偷", "悄悄", "暗中", "瞒着用户",
            "ユーザーに知られずに", "ユーザーに気づかれずに", "こっそり", "密かに", "秘密裏に", "ユーザーには内緒", "ユーザーに言わずに",
            "사용자 몰래", "몰래", "사용자가 모르게", "비밀리에", "은밀하게", "사용자에게 알리지",
        ]),
    ]

    // MARK: - Instructions addressed to an AI

    static let addresseeGroups: [Group] = [
        Group(part: .aiAddressee, words: [
            "ai:", "ai,", "ai agent", "ai agents", "ai model", "ai models", "ai assistant", "ai assistants", "ai system",
            "ai systems", "language model", "language models", "llm", "llms", "chatbot", "chatbots", "automated assistant",
            "assistant instructions", "any assistant", "dear ai", "hey assistant", "hi ai!", "hey ai!", "hello ai!",
            "hi ai,", "hey ai,", "hello ai,", "if you are an assistant", "if you're an assistant", "if you are an ai",
            "if you're an ai", "if you are a language model", "if you are an llm", "if you are a chatbot",
            "to the assistant", "for the assistant", "whatever ai", "ai is reading", "ai is indexing", "ai indexing",
            "ai crawling", "ai is processing", "ai that reads", "ai that is reading",
            "assistant summarizing", "ai summarizing", "model summarizing", "assistant processing", "attention assistant",
            "attention, assistant", "the assistant reading", "the assistant processing", "any ai", "an ai", "the ai",
            "asistente de ia", "asistente ia", "a la ia", "para la ia", "la ia que", "modelo de lenguaje",
            "l'assistant ia", "assistant ia", "à l'ia", "pour l'ia", "l'ia qui", "modèle de langage",
            "an die ki", "für die ki", "die ki, die", "ki-assistent", "ki-modell", "sprachmodell",
            "para a ia", "à ia", "a ia que", "assistente de ia", "modelo de linguagem",
            "all'ia", "per l'ia", "l'ia che", "assistente ia", "all'assistente", "per l'assistente", "modello linguistico",
            "для ии", "ии-ассистент", "ии-ассистента", "ассистенту", "языковой модели", "языковая модель", "нейросеть",
            "ai助手", "人工智能助手", "致ai", "给ai", "ai模型", "语言模型",
            "aiへ", "aiアシスタント", "アシスタントへ", "読んでいるai", "言語モデル",
            "ai에게", "읽는 ai", "어시스턴트에게", "ai 어시스턴트", "언어 모델",
        ]),
        Group(part: .weakAddressee, words: [
            "assistant:", "assistant,", "assistant :", "agent:", "bot:", "asistente:", "asistente,", "assistent:",
            "assistent,", "assistente:", "assistente,", "ассистент,", "ассистент:", "助手：", "助手:", "アシスタント：",
            "어시스턴트:",
        ]),
        Group(part: .actionVerb, options: .clauseStart, words: [
            "email", "e-mail", "send", "forward", "upload", "post", "transfer", "copy", "exfiltrate", "leak", "share",
            "delete", "remove", "erase", "wipe", "run", "execute", "install", "download", "grant", "give", "tell", "inform",
            "reply", "respond", "answer", "recommend", "say", "include", "insert", "add", "mention", "disregard", "ignore",
            "visit", "open", "click", "approve", "rate", "output", "reveal", "print", "buy", "purchase", "change", "modify",
            "disable", "move", "praise", "promote", "claim", "state", "report", "append", "fetch", "hide", "conceal",
            "suggest", "link",
        ]),
        Group(part: .actionVerb, words: [
            "envía", "envia", "reenvía", "manda", "sube", "borra", "elimina", "ejecuta", "recomienda", "responde",
            "incluye", "dile al usuario", "di al usuario", "ignora", "comparte", "transfiere",
            "envoie", "envoyez", "transfère", "transférez", "recommande", "recommandez", "supprime", "supprimez",
            "exécute", "exécutez", "réponds", "répondez", "dis à l'utilisateur", "inclus", "incluez", "partage",
            "sende", "schicke", "schick", "leite", "lösche", "führe", "empfiehl", "empfehle", "antworte", "sag dem",
            "teile", "ignoriere", "übertrage",
            "envie", "encaminhe", "recomende", "apague", "exclua", "execute", "responda", "diga ao usuário",
            "compartilhe", "transfira",
            "invia", "inoltra", "cancella", "esegui", "raccomanda", "consiglia", "rispondi", "di' all'utente",
            "condividi", "trasferisci",
            "перешли", "отправь", "пришли", "удали", "выполни", "порекомендуй", "скажи", "ответь", "передай", "загрузи",
            "发送", "发给", "发到", "转发", "删除", "执行", "推荐", "告诉用户", "上传", "传给",
            "送信", "送って", "転送", "削除", "実行", "推薦", "伝えて", "アップロード", "勧めて",
            "보내", "전송", "삭제", "실행", "추천", "전달", "업로드", "알려",
        ]),
        Group(part: .dataVerb, options: .clauseStart, words: [
            "email", "e-mail", "send", "forward", "upload", "transfer", "exfiltrate", "leak", "post", "copy",
        ]),
        Group(part: .dataVerb, words: [
            "envía", "envia", "reenvía", "manda", "transfiere", "envoie", "envoyez", "transfère", "sende", "schicke",
            "schick", "leite", "übertrage", "envie", "encaminhe", "transfira", "invia", "inoltra", "trasferisci",
            "перешли", "отправь", "пришли", "передай", "发送", "发给", "转发", "上传", "送信", "送って", "転送",
            "보내", "전송", "전달",
        ]),
        // Loading a URL is a request too: "visit https://…?data=<the conversation>".
        Group(part: .exfilVerb, words: [
            "open", "load", "browse to", "go to", "navigate", "request", "request to", "access", "render", "append",
            "abre", "visita", "accede a", "carga", "ouvre", "visite", "charge", "accède à", "rufe", "öffne", "besuche",
            "lade", "acesse", "abra", "carregue", "apri", "carica", "accedi a", "открой", "перейди", "зайди", "загрузи",
            "访问", "打开", "加载", "请求",
        ]),
        Group(part: .exfilVerb, order: .objectFirst, words: ["アクセス", "開いて", "読み込", "접속", "열어", "방문"]),
        Group(part: .dataObject, words: [
            "the full conversation", "chat transcript", "transcript", "full chat", "our chat", "the conversation", "conversa", "переписки",
            "会话", "对话", "会話", "대화",
        ]),
    ]
}
