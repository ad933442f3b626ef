"""Page furniture: the phrases of menus, share bars, counters, credits and notices, in several
languages. `furniture_kind(line)` names the kind of furniture a line is, or returns None."""

import re

from service.pipeline.clean.metadata import byline_names
from service.pipeline.text.dates import find_date

# Kinds that may appear inside a long line (notices are sentences); checked on any length.
_NOTICES = {
    "copyright": r"(©|ⓒ|\(c\)|\bcopyright\b).{0,80}((19|20)\d\d|rights|reserved)"
    r"|((19|20)\d\d).{0,60}(©|ⓒ|\(c\))|all rights reserved|tous droits réservés"
    r"|todos los derechos reservados|alle rechte vorbehalten|tutti i diritti riservati"
    r"|todos os direitos reservados|все права защищены|جميع الحقوق محفوظة"
    r"|any use of materials is allowed|при (полном или частичном )?использовании материалов"
    r"|reproduction (interdite|prohibited)|无断|무단\s*전재",
    "cookies": r"\bcookies?\b.{0,120}\b(use|uses|using|accept|consent|policy|settings|experience"
    r"|utilis|utiliza|verwende|nutz)|\b(we|site|website|utilizamos|usamos|nous utilisons"
    r"|wir verwenden|этот сайт|использует)\b.{0,80}\b(cookies?|куки|файлы cookie)",
    "newsletter": r"sign up for (our|the) .{0,40}newsletter|subscribe to (our|the) .{0,40}newsletter"
    r"|abonnez-vous à (notre|la) newsletter|suscríbete a (nuestro|nuestra)"
    r"|подпишитесь на (наш|рассылку)|inscrivez-vous|\bopt-in\b|(see|view) all newsletters"
    r"|i agree .{0,80}\b(send|email|e-mail) me\b",
    "discussion": r"\b(comment(ing)?|submission|discussion) (guidelines|policy|rules)\b"
    r"|please be (respectful|civil)|join the (conversation|discussion)",
    "disclaimer": r"views (and opinions )?expressed .{0,60}(do not|don't) necessarily"
    r"|this (article|story|content) (was|is|has been) (produced|sponsored|updated|first published)"
    r"|we may earn a commission|affiliate (links?|commission)"
    r"|is committed to publishing a diversity of letters",
}

# Kinds recognised only on short lines (a dozen words or so): UI strings and labels.
_LABELS = {
    "share": r"^\W*(share|sharing|tweet|pin it|print|e-?mail|copy link|copy url|whatsapp|telegram|facebook"
    r"|twitter|instagram|youtube|linkedin|pinterest|reddit|vk|ok\.ru|tiktok|flipboard"
    r"|google\+?|messenger|viber|rss|apple store|app store|google play|play market"
    r"|compartir|partager|teilen|condividi|compartilhar|поделиться|отправить|печать"
    r"|ссылка скопирована|скопировать ссылку|شارك|مشاركة|طباعة|drucken|imprimer|imprimir)"
    r"(\s+(this|on|it|via|link|story|article|page|now|us))*\W*$"
    r"|^\W*(share|follow|find|join) (us|this|on|the)\b"
    r"|^\W*(follow|subscribe)\b.{0,30}\b(on|at|to)\s+\w+\W*$"
    r"|^\W*(síguenos|suivez-nous|folgen sie uns|подписывайтесь|تابعونا|seguici)\b",
    "counter": r"^\W*(views?|reads?|просмотр\w*|прочитан\w*|vues?|visitas|vistas|aufrufe|letture"
    r"|visualizaç\w+|مشاهد\w*|comments?|комментари\w*|commentaires?|kommentare|comentarios)"
    r"\W*\d[\d\s.,]*[kкm]?\W*$"
    r"|^\W*\d[\d\s.,]*[kкm]?\s*(views?|reads?|shares?|comments?|likes?|просмотр\w*"
    r"|комментари\w*|vues|visitas|aufrufe|مشاهد\w*)\W*$"
    r"|^\W*((top|all|read|view|show|load|latest|most|reader|user)\s+(rated\s+)?"
    r"(comments?|reviews?)|comments?\s*\(\d+\)|\d+\s+comments?)\W*$",
    "numbers": r"^[\d\s.,:/|•·+%-]+$",
    "caption": r"^\s*(©|ⓒ)(?!.*(19|20)\d\d)"
    r"|^\W*(photo|image|picture|pic|foto|фото|bild|imagen|imagem|صورة|credit|credits"
    r"|source|quelle|источник|fuente|illustration|video|видео)\s*(credit)?\s*[:：|/]"
    r"|^\W*(image|photo|slide|picture)\s+\d+\s*(of|/)\s*\d+|^\W*\d+\s*/\s*\d+\s*$"
    r"|^\W*credit\.\.\.|^(caption|close|back to gallery|enlarge this image|hide caption"
    r"|toggle caption|expand|photo gallery)\W*$",
    "editor": r"^\W*(editor[- ]in[- ]chief|chief editor|executive editor|managing editor|editor"
    r"|deputy editor|supervisor|publisher|founder|general manager|главный редактор"
    r"|шеф-редактор|редактор|rédacteur en chef|rédactrice en chef|directeur de la publication"
    r"|chefredakteur(in)?|herausgeber|director( general)?|redactor jefe|editora?"
    r"|direttore( responsabile)?|رئيس التحرير|المشرف العام)\b\s*[:：]?",
    "related": r"^\W*(related|related (articles?|stories|posts|news|content|topics|coverage)|read more"
    r"|read also|read next|see also|more from|more on|more stories|more news|recommended"
    r"|recommended for you|most (read|popular|viewed|shared|discussed)|trending( now)?|top stories"
    r"|more (from|on) (the )?\w+( \w+){0,3}|more coverage|latest \w+ news"
    r"|latest( news)?|also read|you (may|might) (also )?like|don't miss|popular"
    r"|читайте также|читайте еще|смотрите также|по теме|похожие (новости|статьи)|популярное"
    r"|lire aussi|à lire aussi|voir aussi|sur le même sujet|lesen sie auch|mehr zum thema"
    r"|das könnte sie auch interessieren|leer más|lee también|te puede interesar|ver también"
    r"|noticias relacionadas|leggi anche|leia também|veja também|اقرأ أيضا|اقرأ أيضاً"
    r"|مواضيع ذات صلة|أخبار ذات صلة)\W*$",
    "link": r"^\W*(related|read more|read also|see also|also read|more|watch|listen|читайте также"
    r"|читайте|смотрите|по теме|lire aussi|à lire|voir aussi|lesen sie auch|mehr dazu|leer más"
    r"|lee también|ver también|leggi anche|leia também|veja também|اقرأ أيضا|اقرأ أيضاً)"
    r"(\s+\w+){0,2}\s*[:»›>|]",
    "ui": r"^\W*(home|menu|search|log ?in|log ?out|sign ?in|sign ?up|sign out|register|subscribe"
    r"|subscribe now|newsletters?|advertisement|advertising|sponsored|ads|ad|skip to .{1,20}"
    r"|continue reading.{0,30}|load(ing)? more|loading|show more|more|next|previous|prev|back"
    r"|back to top|top|close|open|toggle navigation|navigation|sections|contact( us)?|about( us)?"
    r"|privacy( policy| notice)?|terms( of (use|service))?|faq|help|comments?|reply|leave a (comment"
    r"|reply)|post a comment|add comment|all news|all comments|archives?|tags?|categories|topics"
    r"|a\+|a-|night[_ ]theme|dark mode|light mode|en|ru|ar|fr|de|es|arm|az|eng|english|русский"
    r"|español|français|deutsch|عربي|العربية|главная|меню|поиск|войти|выйти|регистрация"
    r"|подписаться|реклама|наверх|accueil|rechercher|connexion|s'abonner|publicité"
    r"|startseite|suche|anmelden|abonnieren|anzeige|werbung|inicio|buscar|iniciar sesión"
    r"|suscribirse|publicidad|cerca|accedi|pubblicità|pesquisar|entrar|publicidade|الرئيسية"
    r"|بحث|دخول|اشترك|إعلان|اعلان|what are you looking for)\W*$",
}

# Substrings one of which a notice must contain: a cheap test before the regular expression.
_NOTICE_CUES = {
    "copyright": (
        "©",
        "ⓒ",
        "(c)",
        "copyright",
        "reserv",
        "réserv",
        "vorbehalten",
        "riservati",
        "права",
        "الحقوق",
        "materials",
        "материал",
        "reproduction",
        "无断",
        "무단",
    ),
    "cookies": ("cookie", "куки"),
    "newsletter": ("newsletter", "suscr", "inscri", "подпиш", "opt-in", "i agree"),
    "discussion": ("guidelines", "policy", "rules", "respectful", "civil", "join the"),
    "disclaimer": (
        "expressed",
        "produced",
        "sponsored",
        "published",
        "updated",
        "commission",
        "affiliate",
        "diversity",
    ),
}
# Label phrases found anywhere in a short line (the _LABELS patterns are anchored at its start):
# share prompts after other UI text, and agency credits closing a caption (in its last characters).
_SHARE_PROMPT = re.compile(
    r"(liked|enjoyed|did you like) (the|this) (story|article|post)\b"
    r"|\bshare (it|this) (on|with|via)\b",
    re.I,
)
_CREDIT_END = re.compile(
    r"[(/|,:©]\s*(getty images|shutterstock|istock(photo)?|ap photo|afp|reuters"
    r"|epa|tass|ria novosti|ria|sputnik|ap|pool)\s*\)?\s*$",
    re.I,
)
_CREDIT_TAIL = 40


def _one_of(patterns: dict[str, str]) -> re.Pattern:
    """One expression trying each kind's pattern in turn; the match's lastgroup names the kind."""
    return re.compile("|".join(f"(?P<{kind}>{p})" for kind, p in patterns.items()), re.I)


_NOTICE_RES = {kind: re.compile(p, re.I) for kind, p in _NOTICES.items()}
_CUE_RES = {kind: re.compile("|".join(map(re.escape, cues))) for kind, cues in _NOTICE_CUES.items()}
_ANY_CUE = re.compile("|".join(_CUE_RES[kind].pattern for kind in _NOTICE_CUES))
_LABELS_RE = _one_of(_LABELS)
_SHORT_WORDS = 12
# A longer metadata line: place, desk and date joined by bars or led by "Updated", "Published".
_META_WORDS = 24
_META_CUE = re.compile(r"\||\b(updated|published|posted|last modified)\b", re.I)
_DIGIT = re.compile(r"\d")
# Kinds that close an article: what follows them belongs to the page, not to the story.
BOUNDARIES = frozenset({"copyright", "counter", "related", "discussion"})


def furniture_kind(line: str) -> str | None:
    """The kind of page furniture `line` is ("share", "copyright", ...), or None for content."""
    words = len(line.split())
    if words <= _SHORT_WORDS:
        label = _LABELS_RE.match(line)
        if label:
            return label.lastgroup
        if _SHARE_PROMPT.search(line):
            return "share"
        if _CREDIT_END.search(line[-_CREDIT_TAIL:]):
            return "caption"
        if not line.endswith(".") and _DIGIT.search(line) and find_date(line):
            return "dateline"
        if byline_names(line):
            return "byline"
    elif words <= _META_WORDS and not line.endswith(".") and _META_CUE.search(line) and find_date(line):
        return "dateline"  # "New Delhi, News Desk | Updated : 19 November 2019, 09:01 AM"
    lowered = line.lower()
    if len(line) <= 400 and _ANY_CUE.search(lowered):
        for kind, pattern in _NOTICE_RES.items():
            if _CUE_RES[kind].search(lowered) and pattern.search(line):
                return kind
    return None
