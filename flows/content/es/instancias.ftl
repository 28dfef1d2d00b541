# Textos de las instancias de concertación: integrantes, reuniones, recordatorios, asistencia y acuerdos.
# Se pueden editar sin tocar el código; lo que va entre { } lo completa el bot.

## Unirse a la instancia

button-go-instancia = 🏛️ Mi instancia
button-go-instancia_join = 🔑 Unirme con un código
instancia-none =
    Todavía no eres integrante de ninguna instancia en este chat.
    Si tienes un código (el de la secretaría técnica para integrantes, o el del equipo del programa si tú eres la secretaría técnica), elige «Unirme con un código».
instancia-join-code = Escribe tu código. Lo reviso antes de pedirte tus datos.
instancia-join-name = { $role ->
        [secretaria] El código es válido: serás la secretaría técnica de { $name }. Podrás programar las reuniones, registrar actas y acuerdos, y crear códigos para cada institución. ¿Cuál es tu nombre?
       *[miembro] El código es válido para { $name }{ $seat ->
            [none] {""}
           *[other] {" "}(asiento de { $seat })
        }. ¿Cuál es tu nombre? Así te verá la secretaría técnica en la lista de integrantes.
    }
instancia-join-institution = { $role ->
        [secretaria] ¿Desde qué institución ejerces la secretaría técnica? Por ejemplo: Municipalidad Distrital.
       *[miembro] ¿A qué institución representas? Por ejemplo: CEM, Comisaría, Centro de Salud, UGEL, Municipalidad.
    }
instancia-join-bad-code = Ese código no funciona: puede que haya vencido o que ya se haya usado. Revísalo y escríbelo de nuevo, o pide uno nuevo a la secretaría técnica.
instancia-joined =
    ¡Bienvenida o bienvenido a { $name }! Te uniste como { instancia-role }.
    Te avisaré de las reuniones y de los acuerdos a cargo del asiento de tu institución.
instancia-role = { $role ->
        [presidencia] presidencia
        [secretaria] secretaría técnica
       *[miembro] integrante
    }
instancia-joined-news = 👋 Se unió { $who } como { instancia-role }.
instancia-member = { $name } ({ $institution })

## Panel

instancia-pick-which = Participas en varias instancias. ¿Cuál quieres ver?
instancia-pick = 🏛️ { $name }
instancia-panel = 🏛️ { $name } ({ $level ->
        [regional] instancia regional
        [provincial] instancia provincial
       *[district] instancia distrital
    })
instancia-panel-next = 📅 Próxima reunión: { $when }, en { $place }.
instancia-panel-no-next = No hay reuniones programadas por ahora.
instancia-button-panel = 🏛️ Panel de la instancia
instancia-button-meetings = 📅 Reuniones
instancia-button-agreements = 📋 Acuerdos
instancia-button-new-meeting = ➕ Nueva reunión
instancia-button-attendance = 📝 Acta y asistencia
instancia-button-new-agreement = 📝 Nuevo acuerdo
instancia-button-members = 👥 Integrantes
instancia-button-invite = 🔑 Código para integrantes
instancia-button-group = 🔗 Vincular un grupo
instancia-button-offsets = ⏰ Recordatorios
instancia-button-overview = 🗺️ Distritos
instancia-button-leave = 🚪 Dejar la instancia
instancia-not-for-you = Esta opción no está disponible para ti. Si crees que es un error, habla con la secretaría técnica de tu instancia.
instancia-what-next = ¿Qué más quieres hacer?
instancia-too-long = Ese texto no me sirve: escribe entre 2 y { $max } caracteres.

## Reuniones

instancia-meetings-head = Próximas reuniones. Elige una para ver el detalle:
instancia-meeting-item = 📅 { $when }
instancia-meeting-details =
    🏛️ { $name }
    🗓️ { $when } (hora de Lima)
    📍 { $place }
    📝 Agenda: { $agenda }
instancia-repeats = 🔁 Se repite { $rule }.
instancia-ask-date = ¿Qué día será la reunión? Escribe la fecha así: dd/mm/aaaa (por ejemplo 02/12/2026).
instancia-ask-time = ¿A qué hora? Escríbela así: hh:mm, en hora de Lima (por ejemplo 15:30).
instancia-ask-place = ¿Dónde será? Escribe el lugar o pega el enlace de la videollamada.
instancia-ask-agenda = ¿Cuál es la agenda? Escribe los puntos a tratar.
instancia-ask-repeat = ¿La reunión es solo esta vez o se repite cada mes?
instancia-once = 1️⃣ Solo esta vez
instancia-monthly = 🔁 Repetir { $rule }
instancia-bad-date = No entendí la fecha, o ya pasó. Escríbela así: dd/mm/aaaa (por ejemplo 02/12/2026).
instancia-bad-time = No entendí la hora. Escríbela así: hh:mm (por ejemplo 09:00 o 15:30).
instancia-past-time = Esa fecha y hora ya pasaron. Escribe de nuevo la fecha (dd/mm/aaaa).
instancia-meeting-saved =
    Listo: { $count ->
        [one] guardé la reunión
       *[other] guardé { $count } reuniones (una por mes)
    } y avisé a cada integrante. Les recordaré { $offsets } antes.
instancia-new-meeting = 📅 Nueva reunión de la instancia
instancia-changed-meeting = ✏️ Cambió la reunión de la instancia. Estos son los datos actualizados:
instancia-change-saved = Listo: guardé el cambio y avisé a cada integrante.
instancia-button-edit-time = 🕒 Cambiar fecha y hora
instancia-button-edit-place = 📍 Cambiar lugar
instancia-button-edit-agenda = 📝 Cambiar agenda
instancia-button-cancel-meeting = ❌ Cancelar reunión
instancia-cancel-confirm = ¿Seguro que quieres cancelar la reunión del { $when }? Avisaré a cada integrante.
instancia-cancel-yes = Sí, cancelar la reunión
instancia-cancel-no = No, mantenerla
instancia-cancelled = ❌ Se canceló la reunión de { $name } del { $when }.
instancia-calendar = 📆 Agregar a mi calendario
instancia-calendar-caption = Abre este archivo para agregar la reunión a tu calendario.

## Recordatorios y respuestas

instancia-reminder = ⏰ Recordatorio: reunión el { $when }.
instancia-yes = ✅ Asistiré
instancia-no = ❌ No podré
instancia-rsvp-thanks = { $changed ->
        [no] Ya lo tenía anotado. ¡Gracias!
       *[yes] { $attending ->
            [yes] ¡Gracias! Anoté que asistirás.
           *[no] Gracias por avisar. Anoté que no podrás asistir.
        }
    }
instancia-rsvp-closed = Esta reunión ya no está abierta: pasó o se canceló.
instancia-rsvp-count = 🙋 Respuestas: { $yes ->
        [one] 1 asistirá
       *[other] { $yes } asistirán
    }, { $no ->
        [one] 1 no podrá
       *[other] { $no } no podrán
    }.
instancia-unreachable = ⚠️ No reciben mis mensajes porque bloquearon el bot o borraron el chat: { $names }. Avísales por otro medio; volverán a recibirlos cuando me escriban de nuevo.
instancia-offsets-now = Ahora recuerdo las reuniones { $offsets } antes.
instancia-ask-offsets = ¿Con cuánta anticipación quieres los recordatorios? Escribe uno o varios plazos separados por comas, con d (días), h (horas) o m (minutos). Por ejemplo: 2d, 2h
instancia-bad-offsets = No entendí los plazos. Escríbelos así: 2d, 2h (hasta 5 plazos y no más de 30 días).
instancia-offsets-saved = Listo: recordaré las reuniones { $offsets } antes.

## Asistencia

instancia-no-past = Todavía no hay reuniones pasadas para registrar.
instancia-att-which = ¿De qué reunión quieres registrar la asistencia?
instancia-att-sheet = Asistencia a la reunión del { $when }, por asiento. Toca cada institución para cambiar: ✅ presente → 🟨 justificó → ❌ ausente. Luego «Guardar asistencia».
instancia-att-item = { $mark } { $who }{ $holders ->
        [none] {" "}(vacante)
       *[other] {" "}({ $holders })
    }
instancia-att-save = 💾 Guardar asistencia
instancia-att-saved = Guardé la asistencia: { $present } de { $total } asientos presentes.

## Acuerdos

instancia-ask-agreement = Escribe el acuerdo, en una frase (por ejemplo: «Difundir la Línea 100 en las ferias del distrito»).
instancia-ask-institution = ¿Qué institución es responsable? Elige una o escribe su nombre.
instancia-institution-item = 🏢 { $institution }
instancia-ask-due = ¿Para cuándo debe cumplirse? Escribe la fecha así: dd/mm/aaaa.
instancia-agreement-saved =
    Listo, guardé el acuerdo: «{ $text }», a cargo de { $institution }, para el { $due }.
    { $responsible ->
        [0] Nadie de esa institución está en la instancia todavía: cuando se una, le llegarán los recordatorios.
        [one] Avisé a su representante; le recordaré 3 días antes y el mismo día.
       *[other] Avisé a sus { $responsible } representantes; les recordaré 3 días antes y el mismo día.
    }
instancia-another-agreement = 📝 Otro acuerdo
instancia-agreement-news = 📝 Nuevo acuerdo de { $name } a cargo de tu institución ({ $institution }): «{ $text }». Fecha límite: { $due }.
instancia-agreement-reminder = ⏰ Recordatorio de acuerdo de { $name }: «{ $text }», a cargo de { $institution }. Fecha límite: { $due }.
instancia-agreement-done-button = ✔️ Ya lo cumplimos
instancia-agreement-done-short = ✔️ Cumplido: { $n }
instancia-agreement-marked = ¡Gracias! Anoté como cumplido el acuerdo «{ $text }».
instancia-agreement-marked-news = ✔️ { $institution } marcó como cumplido el acuerdo «{ $text }».
instancia-agreement-already = Ese acuerdo ya estaba marcado como cumplido.
instancia-agreements-none = No hay acuerdos pendientes. 🎉
instancia-agreements-head = 📋 Acuerdos: { $pending ->
        [one] 1 pendiente
       *[other] { $pending } pendientes
    } y { $overdue ->
        [one] 1 vencido
       *[other] { $overdue } vencidos
    }.
instancia-agreement-line = { $overdue ->
        [yes] 🔴 VENCIDO
       *[no] 🟡
    } «{ $text }» ({ $institution }), fecha límite { $due }.

## Integrantes, códigos y grupo

instancia-members-head = 👥 Integrantes activos: { $count }
instancia-member-line = • { $who }, { instancia-role }{ $lost ->
        [yes] {" "}⚠️ bloqueó el bot
       *[no] {""}
    }
instancia-remove = Retirar a { $name }
instancia-removed = Retiré a { $who }. Su institución conserva su historial de asistencia y acuerdos; quien la reemplace puede unirse con un código.
instancia-removed-you = La secretaría técnica te retiró de { $name }. Ya no recibirás sus recordatorios. Gracias por tu participación.
instancia-invite-code =
    🔑 Código para integrantes: { $code }
    Sirve { $days } días y hasta { $uses } personas. Cada integrante escribe /instancia en su chat con el bot, elige «Unirme con un código» y lo escribe.
instancia-group-code =
    🔗 Para que el grupo de Telegram de la instancia reciba los recordatorios:
    1. Agrega el bot al grupo.
    2. Escribe en el grupo: /vincular { $code }
    El código sirve una vez, durante 2 días.
instancia-link-in-group = Este comando se usa dentro del grupo de Telegram de la instancia, no en un chat privado.
instancia-link-bad-code = Ese código no sirve para vincular un grupo: puede que haya vencido o que ya se haya usado. La secretaría técnica puede crear otro desde su panel («Vincular un grupo»).
instancia-linked = ✅ Listo: este grupo está vinculado a { $name }. Aquí publicaré los recordatorios de las reuniones y sus cambios.
instancia-linked-news = 🔗 El grupo de Telegram quedó vinculado a { $name }.
instancia-not-linked = Este grupo no está vinculado a ninguna instancia.
instancia-unlinked = Listo: este grupo ya no recibirá los avisos de { $name }.
instancia-unlinked-news = 🔗 Alguien desvinculó el grupo de Telegram de { $name }. Si no fue a propósito, crea un código nuevo con «Vincular un grupo».

## Dejar la instancia

instancia-leave-confirm = ¿Quieres dejar { $name }? Ya no recibirás sus recordatorios. El historial de tu institución se mantiene.
instancia-leave-yes = Sí, dejar la instancia
instancia-left = Listo: ya no eres parte de { $name }. Gracias por tu participación.
instancia-left-news = 🚪 { $who } dejó la instancia. Cuando su institución designe a otra persona, compártele el código para integrantes.

## Vista provincial

instancia-overview-head = 🗺️ Instancias distritales
instancia-overview-none = Esta instancia no tiene instancias distritales registradas.
instancia-overview-line = • { $name }: { $last ->
        [none] sin reuniones registradas
       *[other] última reunión el { $last }
    } · asistencia { $present ->
        [none] sin registrar
       *[other] { $present } de { $recorded }
    } · { $overdue ->
        [0] sin acuerdos vencidos
        [one] 1 acuerdo vencido
       *[other] { $overdue } acuerdos vencidos
    }
