# Su seguridad: el plan de seguridad, los mensajes discretos, "Tu celular seguro" y "Quiero ayudar
# a alguien". Las fuentes de cada consejo están en content/safety.yaml.

## La primera línea de todo lo que le llega sin que lo pida: no dice nada en la pantalla bloqueada

discreet-first-line = Tienes un mensaje nuevo.

## Mensajes en silencio

button-go-silent = 🔕 Mis avisos en silencio
silent-now = { $silent ->
        [yes] 🔕 Ahora, lo que te escribo sin que me lo pidas (por ejemplo, tu mentora) llega en silencio, sin sonido.
       *[no] 🔔 Ahora, lo que te escribo sin que me lo pidas (por ejemplo, tu mentora) llega con sonido.
    }

    ¿Cómo lo prefieres? Igual aparece en tu lista de chats.
silent-button-on = 🔕 En silencio
silent-button-off = 🔔 Con sonido
silent-done = { $silent ->
        [yes] Listo: mis avisos llegarán en silencio.
       *[no] Listo: mis avisos llegarán con sonido.
    }

## Mi plan de seguridad

button-go-safety_plan = 🛡️ Mi plan de seguridad
plan-intro =
    🛡️ Mi plan de seguridad

    Son 7 pasos cortos para pensar qué harías si la violencia empeora. Tú decides: no hay respuestas correctas. No te pido nombres ni direcciones, y al final eliges si lo guardo.
plan-progress = Paso { $number } de { $count }
plan-based-on = ℹ️ Basado en: { $names }.

plan-q-situation = ¿En qué momento estás ahora?
plan-choice-situation-stay = Por ahora me quedo
plan-choice-situation-leave = Estoy pensando en irme
plan-choice-situation-left = Ya no vivimos juntos
plan-advice-situation-stay = Quedarte también es una decisión válida. Tu plan sirve para estar más segura mientras tanto: fíjate en qué lo pone violento y en las señales de que una pelea va a empeorar.
plan-advice-situation-leave = Irte es un paso importante, y el momento de la separación puede ser el más peligroso. Planéalo con calma y no le avises que te vas. La Línea 100 o el CEM pueden ayudarte a planearlo.
plan-advice-situation-left = Aunque ya no vivan juntos, puede buscarte. Cambia tus rutas y horarios cuando puedas, avisa en tu trabajo o estudios a alguien de confianza, y guarda las pruebas de mensajes o amenazas.
plan-sum-situation-stay = • Por ahora te quedas: te fijas en las señales de que va a empeorar.
plan-sum-situation-leave = • Piensas irte: lo planeas con calma y sin avisarle.
plan-sum-situation-left = • Ya no viven juntos: cambias rutas y guardas las pruebas.

plan-q-children = ¿Viven contigo hijas o hijos?
plan-choice-children-yes = Sí
plan-choice-children-no = No
plan-advice-children-yes = Enséñales a no meterse en una pelea, a ir a un cuarto o a la casa de una vecina de confianza, y a llamar al 105. Si puedes, acuerda con ellas y ellos una palabra que signifique «vayan al lugar seguro».
plan-advice-children-no = Está bien. Si alguien más vive contigo y puede estar en riesgo, tenlo en cuenta en tu plan.
plan-sum-children-yes = • Tus hijas e hijos saben adónde ir, no meterse y llamar al 105.
plan-sum-children-no = • Sin niñas ni niños en casa.

plan-q-place = Si tuvieras que salir rápido, ¿tienes un lugar adonde ir (la casa de una familiar, una amiga, una vecina)?
plan-choice-place-yes = Sí, tengo un lugar
plan-choice-place-notyet = Todavía no
plan-advice-place-yes = Bien. Piensa cómo llegarías a cualquier hora y con qué dinero. No anotes la dirección en tu celular.
plan-advice-place-notyet = Piensa en alguien que podría recibirte. Si no tienes adónde ir, la Línea 100 y el CEM pueden ayudarte a encontrar un lugar seguro.
plan-sum-place-yes = • Tienes un lugar adonde ir y sabes cómo llegar.
plan-sum-place-notyet = • Lugar adonde ir: lo estás pensando (la Línea 100 o el CEM te ayudan).

plan-q-person = ¿Hay una persona de confianza que pueda ayudarte si pasa algo?
plan-choice-person-yes = Sí
plan-choice-person-notyet = Todavía no
plan-advice-person-yes = Cuéntale tu plan y acuerden una palabra clave: si se la dices o se la escribes, ella sabe que debe llamar al 105 o venir por ti. No anotes la palabra en tu celular.
plan-advice-person-notyet = Piensa en alguien: una amiga, una familiar, una vecina, una compañera. Mientras tanto, la Línea 100 te escucha las 24 horas.
plan-sum-person-yes = • Una persona de confianza conoce tu plan y su palabra clave.
plan-sum-person-notyet = • Persona de confianza: la estás pensando.

plan-q-bag = ¿Tienes lista una bolsa por si tienes que irte?
plan-choice-bag-ready = Sí, ya la tengo
plan-choice-bag-notyet = Todavía no
plan-advice-bag-ready = Revisa que tenga: tu DNI y el de tus hijas e hijos (o copias), dinero, una copia de tus llaves, tus medicinas, un cargador y algo de ropa. Mejor si la guarda tu persona de confianza.
plan-advice-bag-notyet = Poco a poco, junta: tu DNI y el de tus hijas e hijos (o copias), dinero, una copia de tus llaves, tus medicinas, un cargador y algo de ropa. Si es arriesgado tenerla en casa, déjala con tu persona de confianza.
plan-sum-bag-ready = • Bolsa lista: DNI, dinero, llaves, medicinas, cargador.
plan-sum-bag-notyet = • Bolsa: la vas armando (DNI, dinero, llaves, medicinas, cargador).

plan-q-attack =
    Si te ataca:
    • Aléjate de la cocina, el baño y los cuartos con una sola salida o con cosas que puedan usarse como armas.
    • Ve hacia una puerta que dé a la calle. Protege tu cabeza y tu cara.
    • Grita o usa tu palabra clave; llama al 105 en cuanto puedas.
    • Si puedes salir, sal. Lo primero eres tú (y tus hijas e hijos), no las cosas.
plan-choice-attack-ok = Entendido
plan-advice-attack-ok = Si te hizo daño, acude a un centro de salud aunque no se vea. Después, si puedes, guarda fotos y anota qué pasó y cuándo.
plan-sum-attack-ok = • Si te ataca: lejos de la cocina y el baño, hacia la salida, 105.

plan-q-phone =
    Tu celular:
    • Pon un código a Telegram: Ajustes › Privacidad y seguridad › Bloqueo con código (en iPhone: Código y Face ID).
    • Oculta la vista previa: Ajustes › Notificaciones y sonidos › apaga «Vista previa del mensaje».
    • Borrado automático: en este chat, toca ⋮ (o mi nombre, en iPhone) › «Borrado automático» y elige 1 día o 1 semana. Lo activas tú; yo no puedo hacerlo por ti.
    • Para borrar este chat: mantenlo presionado en tu lista › «Eliminar chat». Y /salir borra al instante los mensajes de las últimas 48 horas.
plan-choice-phone-ok = Entendido
plan-advice-phone-ok = Si crees que revisan tu celular, usa también 🔕 avisos en silencio (en 🔒 Privacidad › Tu celular seguro).
plan-sum-phone-ok = • Tu celular: código en Telegram, sin vista previa, borrado automático, /salir.

plan-summary-title = 🛡️ Tu plan de seguridad
plan-ask-save =
    ¿Quieres que lo guarde para verlo cuando quieras con /miplan? Lo guardo cifrado, solo tú lo ves, nunca te lo envío sin que lo pidas, y /borrar lo elimina.
    Si no lo guardo, no queda en ningún lado (bórralo también de este chat si alguien puede verlo).
plan-button-save = 🔒 Sí, guárdalo
plan-button-nosave = No lo guardes
plan-button-open = 🛡️ Ver mi plan
plan-button-redo = ✏️ Hacerlo de nuevo
plan-button-delete = 🗑️ Borrar mi plan guardado
plan-saved = Listo: guardé tu plan, cifrado. Lo ves con /miplan o desde «Mi plan de seguridad».
plan-saved-note = Este es tu plan guardado. Solo tú lo ves. /borrar lo elimina junto con todos tus datos.
plan-not-saved = No lo guardé: tu plan no quedó en ningún lado. Puedes armarlo otra vez cuando quieras.
plan-deleted = Listo: borré tu plan guardado.

## Tu celular seguro

button-safe-phone = 📱 Tu celular seguro
screen-safe-phone =
    📱 Tu celular seguro

    • Código: Telegram › Ajustes › Privacidad y seguridad › Bloqueo con código (en iPhone: Código y Face ID). Así nadie abre tus chats sin el código.
    • Vista previa: Ajustes › Notificaciones y sonidos › apaga «Vista previa del mensaje». La pantalla bloqueada solo dirá que tienes un mensaje.
    • Borrado automático: en este chat, toca ⋮ (o mi nombre, en iPhone) › «Borrado automático» y elige 1 día o 1 semana. Solo tú puedes activarlo.
    • En un celular compartido se ve tu lista de chats con mi nombre y el último mensaje. Puedes archivar este chat (deslízalo) o eliminarlo: mantenlo presionado › «Eliminar chat».
    • /salir borra al instante los mensajes de las últimas 48 horas (Telegram no deja que un bot borre los más antiguos) y no cierra tu acompañamiento.
    • Lo que te escribo sin que lo pidas empieza con «Tienes un mensaje nuevo.», y puede llegar en silencio.

    ℹ️ Basado en: Bright Sky (Vodafone Foundation y Hestia).

## Quiero ayudar a alguien

button-help-someone = 🫶 Quiero ayudar a alguien
screen-help-someone =
    🫶 Quiero ayudar a alguien

    Si te preocupa una amiga, una familiar o una vecina, tu apoyo puede hacer mucha diferencia. Aquí tienes cómo escucharla, qué evitar, cómo pasarle la Línea 100 y cuándo llamar al 105.

    ℹ️ Basado en: Bright Sky (Vodafone Foundation y Hestia) y myPlan (Johns Hopkins).
button-help-someone-listen = 👂 Cómo escucharla
screen-help-someone-listen =
    👂 Cómo escucharla

    • Busca un momento y un lugar tranquilos, donde él no esté.
    • Créele. Escucha sin juzgar y sin apurarla.
    • Dile que no es su culpa y que no está sola.
    • Pregúntale qué necesita; no decidas por ella.
    • Respeta sus tiempos: quizá no esté lista para irse o para denunciar. Sigue en contacto.
button-help-someone-dont = 🚫 Qué no hacer
screen-help-someone-dont =
    🚫 Qué no hacer

    • No enfrentes al agresor ni intentes «arreglar» a la pareja: puede ponerla en más peligro.
    • No la presiones para irse o denunciar, ni le digas «¿por qué no lo dejas?».
    • No cuentes su historia a otras personas ni la publiques en redes.
    • No le mandes mensajes sobre esto a un celular que él pueda revisar.
button-help-someone-line100 = 📞 Pasarle la Línea 100
screen-help-someone-line100 =
    📞 Cómo pasarle la Línea 100

    La Línea 100 es gratuita y atiende las 24 horas, todos los días: orienta, escucha y dice qué hacer. También puedes llamar tú, como testigo, para saber cómo ayudarla.
    • Díselo en persona, o de forma que él no lo vea. El número es fácil de recordar: 100.
    • Si usa este bot, /salir oculta la conversación al instante.

    ℹ️ Fuente: Programa Nacional Aurora (MIMP), según Infobae Perú.
button-help-someone-105 = 🚓 Cuándo llamar al 105
screen-help-someone-105 =
    🚓 Cuándo llamar al 105 (Policía)

    Llama al 105 si la están golpeando ahora, si escuchas gritos o golpes, si la amenazan con un arma o con matarla, o si no deja que salga.
    • No te metas sola o solo en la pelea: llama y di la dirección exacta.
    • Si puedes, pide a otras vecinas y vecinos que también estén atentos.
