# Entre patas, para hombres: pantallas de contenido y espacios de reflexión.
# Fuente de los datos del servicio: boletín «Prevención hacia la igualdad», Región Pasco (2023).

## Pantallas (ver content/screens.yaml)

button-go-talk_facilitator = 🗣️ Hablar con alguien
button-go-reflection = 👥 Espacios de reflexión
button-men-couple = 💬 Pareja sin violencia
button-men-fatherhood = 👨‍👧 Ser papá
button-men-anger = 😤 Rabia y emociones
button-men-masculinities = 🧠 Ser hombre hoy
button-men-about = ℹ️ ¿Qué es Entre patas?

screen-men-couple =
    💬 Una relación sin violencia

    En una pareja sana los dos pueden opinar, decir que no, ver a su familia y amistades, y manejar su plata y su celular sin miedo.

    Revisarle el celular, decirle con quién puede hablar, insultarla, humillarla, amenazarla, empujarla o golpearla es violencia. Aunque sea «por celos», «porque la quiero» o «solo fue una vez».

    Cuando no estén de acuerdo:
    • Habla de lo que tú sientes («yo me siento…»), sin acusar.
    • Escucha hasta el final antes de responder.
    • Si sientes que te estás calentando, para y retoma la conversación más tarde.

    Querer cambiar y pedir ayuda para lograrlo es de valientes.
screen-men-fatherhood =
    👨‍👧 Ser papá

    Tus hijas e hijos aprenden cómo se trata a una pareja mirando cómo tratas a su mamá.

    • Está presente: juega, escucha, ayuda con las tareas, cuida cuando se enferman. Cuidar también es cosa de hombres.
    • Corrige sin golpes, sin gritos y sin humillar: explica, pon límites claros y cúmplelos con calma. El golpe enseña miedo, no respeto.
    • Diles con palabras que los quieres. A los hijos varones también.
    • Comparte las tareas de la casa: así aprenden que nadie está para servir a nadie.
screen-men-anger =
    😤 Rabia y emociones

    Sentir rabia, celos, tristeza o miedo es humano. Lo que haces con lo que sientes es tu decisión.

    • Aprende tus señales: calor en la cara, puños apretados, voz cada vez más fuerte.
    • Date una pausa: di «necesito un rato, ya regreso», sal a caminar y respira despacio.
    • El trago no es excusa: si tomaste, no discutas; habla al día siguiente.
    • Cuéntale a alguien de confianza lo que te pasa. Llorar o pedir ayuda no te hace menos hombre.

    Si sientes que puedes hacerle daño a alguien ahora, aléjate y llama a la Línea 100 (gratuita, 24 horas).
screen-men-masculinities =
    🧠 Ser hombre hoy

    Desde chicos muchos escuchamos que un hombre no llora, que manda en la casa y que todo se arregla a la fuerza. Esas ideas nos hacen daño a nosotros y a las personas que queremos.

    Ser hombre también es cuidar, escuchar, compartir las tareas de la casa y decidir en pareja.

    «Hombres por la Igualdad» reúne a hombres que quieren cambiar las creencias que justifican la violencia hacia las mujeres y vivir relaciones más iguales, con respeto a sus derechos.
screen-men-about =
    ℹ️ ¿Qué es Entre patas?

    Es el servicio de escucha de «Hombres por la Igualdad», una de las intervenciones comunitarias del programa Warmi Ñan del MIMP (antes Programa Aurora). Allí te orientan sobre tu relación de pareja y sobre cómo ejercer tu paternidad.

    También organiza espacios de reflexión entre hombres, guiados por un profesional especializado. En 2023, en la región Pasco, 573 hombres participaron en ellos.

    📍 Dónde funciona: Chaupimarca, Simón Bolívar y Yanacancha (provincia de Pasco) y Villa Rica (provincia de Oxapampa).

    Por aquí puedes pedir hablar con un facilitador o inscribirte en un espacio de reflexión. Aún no tengo un teléfono ni una dirección propios del servicio; si necesitas orientación ahora, llama a la Línea 100 (gratuita, 24 horas).

## Espacios de reflexión: lo que ven los hombres

ep-when = { $weekday ->
        [0] lunes
        [1] martes
        [2] miércoles
        [3] jueves
        [4] viernes
        [5] sábado
       *[6] domingo
    } { $day } de { $month ->
        [1] enero
        [2] febrero
        [3] marzo
        [4] abril
        [5] mayo
        [6] junio
        [7] julio
        [8] agosto
        [9] septiembre
        [10] octubre
        [11] noviembre
       *[12] diciembre
    }, { $time } (hora de Lima)
ep-list =
    👥 Espacios de reflexión Entre patas

    Son encuentros entre hombres, guiados por un profesional, para conversar sobre la pareja, la paternidad y las emociones. Elige uno para ver los detalles e inscribirte:
ep-list-empty =
    👥 Espacios de reflexión Entre patas

    Por ahora no hay espacios publicados. Vuelve a mirar más adelante, o pide hablar con un facilitador.
ep-space-button = 📅 { $when } · { $district }
ep-space =
    👥 Espacio de reflexión Entre patas

    📅 { $when }
    📍 { $place } ({ $district })
    { $room }
ep-room = { $left ->
        [0] No quedan cupos.
        [one] Queda 1 cupo.
       *[other] Quedan { $left } cupos.
    }
ep-room-open = Sin límite de cupos.
ep-you-are-in = ✅ Estás inscrito.
ep-button-join = ✅ Inscribirme
ep-button-leave = ❌ Cancelar mi inscripción
ep-button-list = 👥 Ver los espacios
ep-joined = ¡Listo, quedaste inscrito! Te enviaré un recordatorio antes del encuentro. Si no puedes ir, cancela aquí para dejarle el cupo a otro.
ep-joined-no-reminder = ¡Listo, quedaste inscrito! Ya falta poco para el encuentro. Si no puedes ir, cancela aquí para dejarle el cupo a otro.
ep-already = Ya estabas inscrito en este espacio: no hace falta hacerlo de nuevo.
ep-full = Este espacio ya está lleno. Mira si hay otro en la lista.
ep-space-closed = Este espacio ya no está disponible: fue cancelado o ya se realizó.
ep-space-unknown = No encontré ese espacio. Te muestro los que hay.
ep-left = Cancelé tu inscripción y sus recordatorios. Gracias por avisar.
ep-not-registered = No tienes una inscripción en ese espacio, así que no hay nada que cancelar.
ep-reminder =
    ⏰ Recordatorio: espacio de reflexión Entre patas

    📅 { $when }
    📍 { $place } ({ $district })

    Te esperamos. Si no puedes ir, cancela tu inscripción aquí.
ep-cancelled-notice =
    😔 Se canceló el espacio de reflexión Entre patas del { $when }, en { $place }. Ya no recibirás recordatorios de ese encuentro.

    Puedes ver otros espacios con /espacios.

## Espacios de reflexión: lo que hace el facilitador

ep-button-new = ➕ Publicar un espacio
ep-button-mine = 📋 Mis espacios
ep-button-cancel-space = 🚫 Cancelar este espacio
ep-button-cancel-yes = Sí, cancelar el espacio
ep-button-cancel-no = No, mantenerlo
ep-button-discard = ✖️ No publicar
ep-button-no-limit = Sin límite
ep-button-publish = ✅ Publicar
ep-not-allowed = Esto solo lo puede hacer un facilitador de Entre patas del distrito. Si crees que es un error, habla con tu coordinadora.
ep-count = { $count ->
        [0] Todavía no hay inscritos.
        [one] Hay 1 inscrito.
       *[other] Hay { $count } inscritos.
    }
ep-mine = 📋 Próximos espacios de tu distrito:
ep-mine-line = • { $when } · { $district }: { $count } { $count ->
        [one] inscrito
       *[other] inscritos
    }
ep-mine-empty = 📋 No tienes espacios próximos publicados.
ep-ask-district = ¿En qué distrito será el espacio? Escribe su nombre.
ep-ask-district-pick = Elige el distrito:
ep-district-unknown = No reconocí ese distrito.
ep-ask-date = Nuevo espacio en { $district }. ¿Qué día será? Escribe la fecha, por ejemplo 28/11 o 28 de noviembre.
ep-date-unclear = No entendí la fecha, o ya pasó.
ep-ask-time = ¿A qué hora empieza (hora de Lima)? Por ejemplo 18:30 o 6:30 pm.
ep-time-unclear = No entendí la hora.
ep-time-past = Esa fecha y hora ya pasaron. Empecemos de nuevo por la fecha.
ep-ask-place = ¿Dónde será? Escribe el lugar tal como quieres que lo lean los participantes (por ejemplo, el local y la dirección).
ep-place-unclear = Escribe el lugar en pocas palabras (hasta { $max } caracteres).
ep-ask-capacity = ¿Cuántos cupos hay? Escribe un número, o elige «Sin límite».
ep-capacity-unclear = Escribe solo un número, de 1 a { $max }.
ep-ask-remind = ¿Cuándo le recuerdo a cada inscrito? Elige una opción o escribe las horas antes del encuentro (por ejemplo: 48 y 3).
ep-remind-hours = { $hours } h antes
ep-remind-unclear = Escribe de una a tres cantidades de horas, entre 1 y 168 (por ejemplo: 24 y 2).
ep-confirm =
    Revisa el espacio antes de publicarlo:

    📅 { $when }
    📍 { $place } ({ $district })
    { $room }
    ⏰ Recordatorios: { $remind }
ep-published = ✅ Publicado. Los hombres ya pueden verlo e inscribirse con /espacios.
ep-cancel-confirm = ¿Cancelar el espacio del { $when }? { $count ->
        [0] No hay inscritos.
        [one] Le avisaré al inscrito.
       *[other] Les avisaré a los { $count } inscritos.
    }
ep-already-cancelled = Ese espacio ya estaba cancelado.
ep-cancelled-done = Cancelé el espacio. { $count ->
        [0] No había inscritos.
        [one] Le avisé al inscrito y anulé sus recordatorios.
       *[other] Les avisé a los { $count } inscritos y anulé sus recordatorios.
    }

## Entre sesiones: compromisos (la lista la edita el facilitador con /compromisos)

ep-commit-offer =
    👋 Gracias por ser parte del espacio de reflexión.

    Si quieres, elige un compromiso pequeño para practicar hasta el próximo encuentro. Es solo para ti: nadie sabrá cuál elegiste.
ep-button-no-thanks = No, gracias
ep-commit-chosen =
    💪 Elegiste: «{ $text }».

    ¿Quieres que te escriba una sola vez antes del próximo encuentro para preguntarte cómo vas? El mensaje no dirá de qué se trata. Elige cuándo te viene mejor:
ep-button-no-prompt = No me escribas
ep-commit-no-prompt = Está bien, no te escribiré. Tu compromiso es tuyo: ¡ánimo!
ep-commit-prompt-set = Listo: te escribiré una sola vez, el { $when }. Si cambias de idea, elige otra vez tu compromiso.
ep-commit-prompt = 👋 Hola. ¿Cómo vas con lo que te propusiste en el último encuentro?
ep-button-kept = ✅ Lo estoy cumpliendo
ep-button-not-yet = Todavía no
ep-commit-kept = ¡Qué bien! Cada paso cuenta. Cuéntalo en el próximo encuentro si quieres.
ep-commit-not-yet = Está bien: cambiar cuesta y se hace de a poco. En el próximo encuentro puedes conversarlo.
ep-commit-answered = Ya me habías respondido. ¡Gracias!
ep-commit-gone = Esa opción ya no está disponible. Puedes seguir desde el menú.
ep-commit-list = 💪 Compromisos de { $district } (cuántos los eligieron y cuántos dijeron que los cumplieron; nunca quiénes):
ep-commit-list-empty = Todavía no hay compromisos en la lista. Añade algunos para ofrecerlos después de cada encuentro.
ep-commit-line = { $taken ->
        [one] • «{ $text }»: elegido 1 vez, cumplido { $kept }
       *[other] • «{ $text }»: elegido { $taken } veces, cumplido { $kept }
    }
ep-button-remove = 🗑️ Quitar { $number }
ep-button-add-commitment = ➕ Añadir un compromiso
ep-commit-ask = Escribe el compromiso tal como lo leerán los participantes (hasta { $max } caracteres). Por ejemplo: «Cuando me enoje, tomarme un momento antes de hablar».
ep-commit-length = Escríbelo en pocas palabras: entre 3 y { $max } caracteres.
ep-commit-added = ✅ Añadido a la lista.
ep-commit-removed = Quité ese compromiso de la lista. Lo que ya se eligió sigue contando.
