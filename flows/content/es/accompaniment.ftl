# Acompañamiento: pedir una mentora, una psicóloga comunitaria o un facilitador de Entre patas,
# la conversación a través del bot y las herramientas del equipo.

## Cómo se nombra a cada persona del equipo (los textos de abajo los usan con $kind y $hours)

acc-kind = { $kind ->
        [mentora] mentora
        [psicologa] psicóloga comunitaria
        [coordinadora] coordinadora
        [admin] administradora o administrador
        [facilitador] facilitador de Entre patas
       *[other] integrante del equipo
    }
acc-kinds = { $kind ->
        [mentora] las mentoras
        [psicologa] las psicólogas comunitarias
       *[facilitador] los facilitadores de Entre patas
    }
acc-your = { $kind ->
        [mentora] tu mentora
        [psicologa] tu psicóloga comunitaria
       *[facilitador] tu facilitador
    }
acc-Your = { $kind ->
        [mentora] Tu mentora
        [psicologa] Tu psicóloga comunitaria
       *[facilitador] Tu facilitador
    }
acc-hours = { $hours ->
        [morning] en la mañana (de 8 a 12 del día)
        [afternoon] en la tarde (de 12 del día a 6 de la tarde)
        [evening] en la noche (de 6 a 9 de la noche)
       *[any] a cualquier hora
    }

## Botones que usan las pruebas y el equipo: mantener estables

button-go-accompany = 🤝 Quiero que alguien me acompañe
acc-button-accept = ✋ Aceptar
acc-button-open = 💬 Abrir caso { $case }
acc-button-write = 💬 Escribir a { acc-your }
acc-button-close = ✅ Cerrar el caso
acc-button-cancel = ✖️ Retirar mi pedido
acc-button-next = 📅 Próximo contacto
acc-button-mycases = 📋 Mis casos
acc-button-revoke = 🚫 Quitar rol { $grant }
acc-button-reported-yes = Sí, ya denuncié
acc-button-reported-no = Todavía no
acc-button-hours-morning = 🌅 Mañana
acc-button-hours-afternoon = ☀️ Tarde
acc-button-hours-evening = 🌙 Noche
acc-button-hours-any = 🕐 Cualquier hora
acc-button-confirm = Sí, que me escriban aquí
acc-button-decline = No, por ahora no
acc-button-next-1 = Mañana
acc-button-next-3 = En 3 días
acc-button-next-7 = En una semana

## Pedido de una mujer

acc-intro =
    🤝 Mujeres acompañando mujeres

    Una mentora (voluntaria formada) o una psicóloga comunitaria puede acompañarte. Conversan por este chat: ella no ve tu nombre, tu número ni tu cuenta de Telegram, solo un número de caso.
acc-ask-district = Ahora, ¿en qué distrito estás? Escríbelo, por ejemplo: Yanacancha.
acc-button-fix-age = ✏️ Me equivoqué de edad
acc-age-unclear = Primero necesito tu edad, sin más datos: toca un botón o escribe solo tu edad (por ejemplo: 30).
acc-ask-reported =
    ¿Ya denunciaste la violencia (en la comisaría, el CEM o la fiscalía)?

    Las dos respuestas están bien: es solo para saber quién te puede acompañar mejor.
acc-matched = { $kind ->
        [mentora] Te acompañará una mentora: una voluntaria formada para acompañar a mujeres que decidieron denunciar.
       *[psicologa] Te acompañará una psicóloga comunitaria: te escucha y te ayuda a fortalecer tu decisión, a tu ritmo y sin presionarte.
    }
acc-ask-hours = ¿A qué hora es seguro escribirte? Elige el momento en que nadie más revisa tu celular.

## Pedido de un hombre (Entre patas)

talk-intro =
    💬 Hablar con alguien de Entre patas

    Un facilitador de Entre patas puede escucharte y orientarte sobre tu relación de pareja, tu paternidad o lo que sientes. Conversan por este chat: él no ve tu nombre, tu número ni tu cuenta de Telegram, solo un número de caso.

    ¿En qué distrito estás? Escríbelo, por ejemplo: Chaupimarca.
talk-ask-hours = ¿A qué hora te viene mejor que te escriba?

## Partes comunes del pedido

acc-district-unknown = No encontré ese distrito. Escríbelo de nuevo, sin apuro (por ejemplo: Simón Bolívar). Por ahora el equipo de este bot está en Lima, Pasco y Huánuco.
acc-district-choose = ¿Cuál de estos es tu distrito?
acc-ask-consent =
    Para terminar: ¿aceptas que { acc-your } te escriba por este chat, { acc-hours }?

    Nadie del equipo verá tu nombre ni tu cuenta. Puedes cerrar el caso cuando quieras. Si alguien se acerca, /salir oculta el chat sin cerrar tu caso.
acc-declined = Está bien, no hice ningún pedido. Si cambias de opinión, aquí estaré. Si estás en peligro, llama a la Línea 100 (gratuita, 24 horas).
acc-already = Ya tienes un pedido abierto: el caso { $case }. Lo que escribas aquí le llega a { acc-your } en cuanto alguien lo tome.
acc-created = Listo. Tu número de caso es el { $case }.
acc-next-staff =
    Qué pasa ahora: avisé a { acc-kinds } de tu zona. La primera persona que pueda tomará tu caso y te escribirá por este chat, { acc-hours }. No te puedo prometer una hora exacta.

    Si en { $minutes } minutos nadie lo ha tomado, se lo paso a la coordinadora del CEM. Te aviso aquí cuando alguien lo tome.
acc-next-coordinator =
    Qué pasa ahora: { $kind ->
        [mentora] todavía no hay mentoras registradas
        [psicologa] todavía no hay psicólogas comunitarias registradas
       *[facilitador] todavía no hay facilitadores registrados
    } en este bot para tu zona, así que avisé a la coordinación del programa, que buscará quién te acompañe. No te puedo decir cuándo: te aviso aquí en cuanto alguien lo tome.
acc-next-nobody =
    Te lo digo con honestidad: todavía no hay nadie del equipo registrado en este bot para tu zona. Tu pedido queda guardado, pero no sé cuándo alguien podrá verlo.

    Mientras tanto, la Línea 100 (gratuita, las 24 horas) te puede orientar y decirte qué servicio hay cerca de ti.
acc-safety-note = Si estás en peligro en cualquier momento: Línea 100 o Policía 105.

## Avisos al equipo (nunca llevan nombre, usuario ni número de la persona)

acc-new-request =
    🔔 Nuevo pedido · caso { $case }{ $priority ->
        [yes] {" "}· ⚠️ PRIORITARIO
       *[no] {""}
    }
    Busca: { acc-kind }{ $reported ->
        [yes] {" "}(ya denunció)
        [no] {" "}(todavía no denunció)
       *[unknown] {""}
    }
    Distrito: { $district }
    Horario seguro para escribirle: { acc-hours }

    Si lo aceptas, conversarán por este chat bajo el número de caso.
acc-escalated =
    ⏰ Caso { $case }: nadie lo tomó en { $minutes } minutos.{ $priority ->
        [yes] {" "}⚠️ Es PRIORITARIO.
       *[no] {""}
    }
    Busca: { acc-kind } · Distrito: { $district }
    Horario seguro para escribirle: { acc-hours }

    Como coordinadora, puedes aceptarlo o buscar quién lo tome.

## Aceptar un caso

acc-accepted-staff =
    Tomaste el caso { $case }. 💜
    Escríbele { acc-hours }. Lo que escribas aquí le llega bajo el número de caso; tú tampoco ves su cuenta. Texto, fotos, notas de voz y documentos pasan; stickers, ubicaciones y contactos no.
acc-accepted-user =
    💜 { acc-Your } tomó tu caso { $case }. Te escribirá por este chat { acc-hours }.
    Si quieres, ya puedes escribirle aquí. Si alguien se acerca, /salir oculta el chat; tu caso sigue abierto.
acc-taken = Gracias por responder. Este caso ya lo tomó otra persona del equipo: no tienes que hacer nada.
acc-closed-already = Ese caso ya está cerrado: no hay nada que hacer con él.
acc-not-yours = No puedo hacer eso con ese caso: no está a tu cargo. Si crees que es un error, habla con tu coordinadora.
acc-unknown-case = No encuentro ese caso. Puede que el botón sea antiguo; con /casos ves tus casos de ahora.
acc-staff-only = Esto es solo para el equipo del programa. Si necesitas ayuda, usa /menu o llama a la Línea 100 (gratuita, 24 horas).

## La conversación

acc-from-user = 💬 Caso { $case }:
acc-from-staff = 💬 { acc-Your } (caso { $case }):
acc-held = 🕐 Guardé tu mensaje del caso { $case }: le llegará { acc-hours }, el horario que ella eligió como seguro.
acc-relay-user = Estás conversando con { acc-your } (caso { $case }). Lo que escribas aquí le llega; no ve tu nombre ni tu cuenta.
acc-relay-staff = Caso { $case } · { acc-kind } · { $district }. Lo que escribas aquí le llega a la persona. Horario seguro: { acc-hours }.
acc-sent-to = ✓ Enviado al caso { $case }. Para escribir a otro caso, ábrelo desde /casos.
acc-waiting = Tu caso { $case } todavía espera que alguien lo tome. Te aviso aquí en cuanto pase.
acc-not-kept = Tu mensaje no se envió ni se guardó: cuando te escriban, cuéntaselo de nuevo.
acc-relay-closed = Este caso ya se cerró, así que tu mensaje no se envió. Si necesitas compañía otra vez, puedes pedirla desde el menú. Si estás en peligro: Línea 100 (gratuita, 24 horas) o Policía 105.
acc-cannot-pass = { $kind ->
        [location] No paso ubicaciones: por tu seguridad, nadie debe saber dónde estás a través de este chat. Si estás en peligro, llama al 105.
        [contact] No paso contactos: así nadie recibe números de teléfono por aquí.
       *[other] Eso no lo puedo pasar. Por aquí pasan texto, fotos, notas de voz y documentos.
    }
acc-gone = La otra persona ya no está disponible en este caso. Si necesitas ayuda, vuelve al menú; si estás en peligro, Línea 100.

## Cerrar

acc-closed-by-you = Cerraste el caso { $case }. Gracias.
acc-closed-user-side = { acc-Your } cerró tu caso { $case }. Si vuelves a necesitar compañía, puedes pedirla otra vez desde el menú. Si estás en peligro: Línea 100 (gratuita, 24 horas) o Policía 105.
acc-closed-staff-side = La persona cerró el caso { $case }. Ya no le llegarán mensajes por este caso.
acc-closed-exit = La persona borró sus datos: el caso { $case } se cerró y ya no le llegarán mensajes. No intentes contactarla por otros medios; si vuelve a pedir ayuda, llegará como un pedido nuevo.
acc-request-withdrawn = Retiraste tu pedido (caso { $case }). Si cambias de opinión, puedes pedirlo otra vez desde el menú.

## Seguimiento

acc-ask-next = ¿Cuándo será el próximo contacto con el caso { $case }? Te lo recordaré ese día a las 9 de la mañana.
acc-next-set = Anotado: próximo contacto con el caso { $case } el { $date }. Te lo recordaré ese día.
acc-followup-due = 📅 Hoy toca contactar el caso { $case } (horario seguro: { acc-hours }).

## Equipo: /staff, /casos, /invitar, /equipo

acc-staff-howto = Para unirte al equipo escribe /staff y el código que te dieron, por ejemplo: /staff ABCD23EFGH. Si quieres, agrega tu nombre después del código (solo lo ve tu coordinadora).
acc-staff-bad-code = Ese código no sirve: puede estar mal escrito, vencido o ya usado. Pide uno nuevo a quien te lo dio.
acc-staff-welcome = Bienvenida o bienvenido al equipo: ahora tienes el rol de { acc-kind }{ $place ->
        [none] {""}
       *[other] {" "}en { $place }
    }. Te llegarán aquí los pedidos con un botón para aceptarlos. Con /casos ves tu cola y tus casos.
acc-cases-title = 📋 Tus casos
acc-cases-mine = Casos a tu cargo:
acc-cases-queue = Pedidos esperando:
acc-cases-team = Casos de tu equipo:
acc-cases-none = No hay casos por ahora.
acc-case-line = • Caso { $case } · { acc-kind } · { $district }{ $next ->
        [none] {""}
       *[other] {" "}· próximo contacto { $next }
    }
acc-case-team-line = • Caso { $case } · { acc-kind } · { $district } · a cargo de { $staff }{ $stale ->
        [yes] {" "}· ⚠️ sin contacto hace { $days } días o más
       *[no] {""}
    }
acc-invite-howto = Escribe: /invitar ROL DISTRITO (roles: mentora, psicologa, facilitador, coordinadora, admin). Por ejemplo: /invitar mentora Yanacancha
acc-invite-made = Código para { acc-kind }{ $place ->
        [none] {""}
       *[other] {" "}en { $place }
    }: { $code }
    Sirve una sola vez y vence en { $hours } horas. Entrégalo en persona o por un canal seguro; quien lo reciba escribe /staff { $code }.
acc-team-title = 👥 Equipo con roles activos:
acc-team-line = • { $grant }: { acc-kind } · { $scope }{ $name ->
        [none] {""}
       *[other] {" "}· { $name }
    }
acc-revoked = Listo: quité ese rol. Ya no recibirá pedidos con él.
acc-revoke-failed = Ese rol ya no estaba activo.
