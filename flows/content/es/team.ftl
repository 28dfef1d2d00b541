# El equipo que acompaña: disponibilidad, pasar un caso, notas, reportes y pausas.
# Los textos usan { acc-kind }, { acc-your } y { acc-hours } de accompaniment.ftl.

## Lo que se le dice a ella cuando nadie puede tomar su pedido ahora

acc-next-later =
    Te lo digo con honestidad: ahora nadie del equipo está atendiendo. Tu pedido queda guardado y lo leerán desde el { $when }. Te escribirán por este chat { acc-hours }.

    Mientras tanto, la Línea 100 (gratuita, las 24 horas) te puede escuchar y orientar.
acc-next-busy =
    Qué pasa ahora: { acc-kinds } de tu zona tienen todos sus cupos ocupados o no están disponibles, así que avisé a la coordinación del programa, que buscará quién te acompañe. Te aviso aquí en cuanto alguien lo tome.
acc-paused =
    Por ahora no puedo pasar tus mensajes al equipo (hasta el { $until }).

    Si estás en peligro: Línea 100 (gratuita, 24 horas) o Policía 105. La orientación del menú sigue disponible para ti.

## Botones del caso

team-button-notes = 📝 Notas
team-button-notes-of = 📝 Notas del caso { $case }
team-button-add-note = ➕ Añadir una nota
team-button-transfer = 🔁 Pasar el caso
team-button-report = ⚠️ Reportar mensajes
team-button-to-person = 👤 { $name } ({ acc-kind })
team-button-to-queue = 📋 A { acc-kinds }
team-button-reason = { $reason ->
        [insults] Insultos
        [sexual] Mensajes sexuales
        [threats] Amenazas
       *[other] Otro abuso
    }
team-button-pause = ⏸️ Pausar { $days ->
        [1] 1 día
       *[other] { $days } días
    }

## Notas del caso (cifradas; solo las ven quien lleva el caso y la coordinadora)

team-notes-title = 📝 Notas del caso { $case }
team-notes-none = Todavía no hay notas.
team-note-line = { $when }{ $kind ->
        [handover] {" "}(resumen al pasar el caso)
       *[note] {""}
    }: { $text }
team-note-ask = Escribe la nota para el caso { $case } (hasta { $max } caracteres). No pongas nombres ni datos que la identifiquen: basta lo que ayude a acompañarla.
team-note-too-long = La nota debe tener texto y como mucho { $max } caracteres. Escríbela de nuevo, más corta.
team-note-saved = 📝 Guardé la nota del caso { $case }.

## Pasar el caso

team-transfer-ask = ¿A quién pasas el caso { $case }? Puedes elegir a una persona que está disponible ahora, o dejarlo en la cola de un tipo de acompañamiento.
team-transfer-summary-ask = Escribe un resumen corto para quien lo recibe (hasta { $max } caracteres): qué necesita, qué se habló, qué quedó pendiente. Sin nombres ni datos que la identifiquen.
team-transfer-summary-length = El resumen debe tener entre { $min } y { $max } caracteres. Escríbelo de nuevo.
team-transfer-gone = Esa persona ya no puede recibir el caso. Elige de nuevo desde el caso.
team-transfer-received =
    🔁 Te pasaron el caso { $case } ({ acc-kind }). Horario seguro para escribirle: { acc-hours }.

    Resumen de quien lo acompañaba:
    «{ $summary }»
team-handover-summary =
    🔁 El caso { $case } te llega con este resumen de quien lo acompañaba:
    «{ $summary }»
team-transfer-user = Tu caso { $case } ahora lo acompaña { acc-your }. Ya sabe lo necesario, para que no tengas que contarlo todo otra vez. Te escribirá por este chat.
team-transfer-user-queue = Tu caso { $case } pasa a { acc-kinds }: la primera persona que pueda lo tomará y te escribirá por este chat. Te aviso aquí en cuanto pase.
team-transfer-done = Listo: pasaste el caso { $case } ({ acc-kind }). Ya no lo tienes a tu cargo. Gracias.
team-requeued-user = Quien te acompañaba ya no puede seguir en el programa. Tu caso { $case } vuelve a la lista y otra persona del equipo lo tomará y te escribirá por este chat. Te aviso aquí en cuanto pase.

## Reportar y pausar

team-report-ask = ¿Qué pasó con los mensajes del caso { $case }? Aviso a la coordinadora; ella decide si pausa su acceso.
team-report-done = Gracias por avisar. La coordinadora ya sabe del caso { $case }. Cuida de ti: si lo necesitas, puedes pasar o cerrar el caso.
team-report-notice =
    ⚠️ Caso { $case }: { $name } reportó sus mensajes ({ $reason ->
        [insults] insultos
        [sexual] mensajes sexuales
        [threats] amenazas
       *[other] otro abuso
    }).

    Puedes pausar su acceso al chat con el equipo. Aunque esté en pausa, seguirá recibiendo la respuesta de emergencia y la orientación.
team-pause-done = Listo: hasta el { $until }, los mensajes del caso { $case } no le llegan al equipo y no puede hacer pedidos nuevos. Sigue recibiendo la respuesta de emergencia y la orientación.
team-pause-nobody = No puedo pausar ese caso: ya no tiene a nadie vinculado.

## /disponibilidad

team-av-view =
    🗓️ Tu disponibilidad

    Casos a la vez: { $max ->
        [0] sin límite
       *[other] como mucho { $max }
    } (ahora tienes { $count }).
    Horario: { $hours }.
    { $away }

    Fuera de tu horario, en tu ausencia o con tus cupos llenos no te llegan pedidos nuevos: van a otra persona o a la coordinadora.
team-av-any-hour = a cualquier hora
team-av-hours-range = de { $start } a { $end } h (hora de Lima)
team-av-weekdays = de lunes a viernes
team-av-present = Sin ausencias anotadas.
team-av-away-until = 🏖️ Ausente hasta el { $until }.
team-av-away-planned = 🏖️ Ausencia anotada: del { $start } al { $until }.
team-av-saved = ✅ Guardado.
team-av-ask-hours = ¿En qué horario puedes atender? Escríbelo así: 8-17, o 14 a 20 (hora de Lima).
team-av-hours-unclear = No entendí el horario. Escríbelo con la hora de inicio y la de fin, por ejemplo: 8-17.
team-av-ask-away = ¿Cuándo no estarás? Escribe «hasta el 15/12», o «del 20/12 al 5/1».
team-av-away-unclear = No entendí las fechas, o ya pasaron. Escribe por ejemplo: hasta el 15/12, o del 20/12 al 5/1.
team-button-max = { $max ->
        [0] Sin límite
       *[other] { $max }
    }
team-button-hours = 🕐 Cambiar horario
team-button-all-day = Todo el día
team-button-weekdays = Solo de lunes a viernes
team-button-every-day = Todos los días
team-button-away = 🏖️ Anotar una ausencia
team-button-back-at-work = ✅ Ya volví

## Pasar el caso a otro tipo de acompañamiento: se le pregunta a ella

team-transfer-ask-user =
    Sobre tu caso { $case }: { $current ->
        [mentora] tu mentora
        [psicologa] tu psicóloga comunitaria
       *[facilitador] tu facilitador
    } cree que te puede ayudar más { $kind ->
        [mentora] una mentora (una voluntaria formada para acompañar a mujeres que denunciaron)
        [psicologa] una psicóloga comunitaria (te escucha y te ayuda a fortalecer tu decisión, a tu ritmo)
       *[facilitador] un facilitador de Entre patas
    }. Le pasaría un resumen corto, para que no tengas que contar todo otra vez.

    ¿Estás de acuerdo?
team-button-handover-yes = Sí, de acuerdo
team-button-handover-no = Prefiero seguir con { acc-your }
team-transfer-asked = Le pregunté si está de acuerdo con pasar el caso { $case } a { acc-kinds }. Te aviso su respuesta; mientras tanto sigue a tu cargo.
team-transfer-agreed = La persona aceptó: el caso { $case } pasó a { acc-kinds } con tu resumen. Ya no lo tienes a tu cargo. Gracias.
team-transfer-declined = La persona prefiere seguir contigo en el caso { $case }. Sigue a tu cargo.
team-handover-kept = Está bien: sigues con { acc-your } en el caso { $case }. Puedes escribirle aquí cuando quieras.
team-handover-stale = Esa pregunta ya no está vigente: el caso cambió desde entonces. Si necesitas algo, escribe aquí o vuelve al menú.
